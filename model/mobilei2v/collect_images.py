"""Collect usable still images from unpacked Debian packages into one folder.

Each output file is named <package>__<original name>.png, resized so the short side is
at most 720 px (keeps the data set small and loading fast), and a provenance.json lists
source package, original path and size. A fixed hash-based held-out split is written to
split.json: ~12% of images (by SHA-1 of the file name) never appear in training.

Transparency is composited over mid-grey. Some wallpapers (MATE's Stripes, Silk, Spring, Waves)
are one colour with all their art in the alpha channel, meant to lie over the desktop colour:
dropping alpha (or compositing over black or white) leaves a flat frame with nothing to move,
which taught nothing in training and made a held-out "picture" whose motion cannot be measured.
A picture that is still flat after compositing (luma std < 2) is left out.
"""
import hashlib
import json
import os
import sys

import numpy as np
from PIL import Image

MIN_SIDE = 400
MIN_LUMA_STD = 2.0
MATTE = (128, 128, 128)


def flatten(im):
    """Opaque RGB: alpha (RGBA, LA, palette transparency) composited over MATTE."""
    if im.mode in ('RGBA', 'LA') or (im.mode == 'P' and 'transparency' in im.info):
        rgba = im.convert('RGBA')
        back = Image.new('RGBA', rgba.size, MATTE + (255,))
        return Image.alpha_composite(back, rgba).convert('RGB')
    return im.convert('RGB')


def is_flat(im):
    return float(np.asarray(im.convert('L'), dtype=np.float32).std()) < MIN_LUMA_STD
MAX_SHORT = 720


def main(root, out):
    os.makedirs(out, exist_ok=True)
    prov = {}
    for pkg in sorted(os.listdir(root)):
        pdir = os.path.join(root, pkg)
        if not os.path.isdir(pdir) or pkg.startswith('.'):
            continue
        for dirpath, _, files in os.walk(pdir):
            for f in sorted(files):
                if not f.lower().endswith(('.jpg', '.jpeg', '.png', '.webp')):
                    continue
                src = os.path.join(dirpath, f)
                rel = os.path.relpath(src, pdir)
                # skimage ships tiny icons/test patterns too; keep photos and art only
                try:
                    im = Image.open(src)
                    im.load()
                except Exception:
                    continue
                w, h = im.size
                if min(w, h) < MIN_SIDE:
                    continue
                key = rel.replace('/', '_')
                name = f"{pkg}__{key.rsplit('.', 1)[0]}.png"
                if name in prov:
                    continue
                # plasma ships each wallpaper at many resolutions: keep the largest only
                base = pkg + ':' + rel.split('/contents/')[0]
                im = flatten(im)
                if is_flat(im):
                    print(f'left out (flat after compositing): {pkg}{"/" + rel}')
                    continue
                s = MAX_SHORT / min(w, h)
                if s < 1:
                    im = im.resize((round(w * s), round(h * s)), Image.LANCZOS)
                prov[name] = {'package': pkg, 'path': '/' + rel, 'size': [w, h], 'group': base}
    # dedupe groups (plasma: one image per wallpaper folder, the largest)
    best = {}
    for name, p in prov.items():
        g = p['group']
        if g not in best or p['size'][0] * p['size'][1] > prov[best[g]]['size'][0] * prov[best[g]]['size'][1]:
            best[g] = name
    keep = set(best.values())
    for name, p in sorted(prov.items()):
        if name not in keep:
            continue
        dst = os.path.join(out, name)
        if not os.path.exists(dst):
            src = os.path.join(root, p['package'], p['path'].lstrip('/'))
            im = flatten(Image.open(src))
            w, h = im.size
            s = MAX_SHORT / min(w, h)
            if s < 1:
                im = im.resize((round(w * s), round(h * s)), Image.LANCZOS)
            im.save(dst)
    kept = {n: prov[n] for n in sorted(keep)}
    heldout = sorted(n for n in kept if int(hashlib.sha1(n.encode()).hexdigest(), 16) % 100 < 12)
    train = sorted(n for n in kept if n not in heldout)
    with open(os.path.join(out, 'provenance.json'), 'w') as f:
        json.dump(kept, f, indent=1)
    with open(os.path.join(out, 'split.json'), 'w') as f:
        json.dump({'train': train, 'heldout': heldout}, f, indent=1)
    print(f"{len(kept)} images: {len(train)} train, {len(heldout)} held out")


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
