#!/usr/bin/env bash
# Fetch the ONLY training images this project may use: Debian's wallpaper packages and the
# sample images bundled with python3-skimage. Nothing is committed; everything lands in
# model/data/ (git-ignored). Re-running is cheap: packages already unpacked are skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/data"
mkdir -p "$data/debs" "$data/root" "$data/images"
cd "$data/debs"
for pkg in gnome-backgrounds plasma-workspace-wallpapers mate-backgrounds python3-skimage; do
  if ! ls "$pkg"_*.deb >/dev/null 2>&1; then
    apt-get download "$pkg" >/dev/null
  fi
  deb=$(ls "$pkg"_*.deb | head -1)
  stamp="$data/root/.$pkg.unpacked"
  if [ ! -f "$stamp" ]; then
    dpkg -x "$deb" "$data/root/$pkg"
    touch "$stamp"
  fi
done
# Collect still images (jpg/png/jpeg/webp) of at least 400 px on a side, one flat folder,
# names prefixed by package so provenance is kept in the file name.
/usr/bin/python3 "$here/mobilei2v/collect_images.py" "$data/root" "$data/images"
