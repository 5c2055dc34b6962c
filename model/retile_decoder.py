"""Re-export only the `vae-chunk` decoder of a converted bundle, at another latent tile (or whole frames).

usage: python3 model/retile_decoder.py BUNDLE --vae DIR --out NEW [--decoder-tile H W] [--decoder-overlap N]

Writes NEW: BUNDLE's encoder and denoiser graphs hard-linked (copied across file systems) and never
rewritten, a new desktop/decoder.onnx with its fixtures (convert_official.py's decoder export), and the
manifest's decoder.tile, graphs.decoder, flops.decoder and files updated; checked against docs/BUNDLE.md
before it is moved into place. Without --decoder-tile the decoder decodes whole frames. Minutes instead
of the whole conversion's half hour at 720p; BUNDLE is only read.
"""
import argparse
import json
import os
import shutil
import sys

import torch

from mobilei2v.bundle_io import io_spec, sha256
from mobilei2v.flops import graph_flops
from mobilei2v.official.bundle import _decoder_cases, decoder_tile_spec, publish_bundle
from mobilei2v.official.tiling import DEFAULT_OVERLAP
from mobilei2v.official.vae_bundle import load_vae

DECODER_FILES = ('desktop/decoder.onnx', 'fixtures/fixtures.json', 'fixtures/decoder_in_latents.bin',
                 'fixtures/decoder_out_frames.bin', 'fixtures/tiled_in_latents.bin', 'fixtures/tiled_out_frames.bin')


def _link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def retile(bundle, vae_dir, out, tile):
    with open(os.path.join(bundle, 'manifest.json')) as f:
        m = json.load(f)
    if (m.get('decoder') or {}).get('kind') != 'vae-chunk' or list(m['variants']) != ['desktop']:
        raise ValueError(f"{bundle}/manifest.json: field 'decoder.kind' must be 'vae-chunk' with only the desktop "
                         'variant (a bundle convert_official.py wrote)')
    lat, video, m_files = m['latent'], m['video'], dict(m['files'])
    grid, size = (lat['frames'], lat['height'], lat['width']), (video['height'], video['width'])
    spec = decoder_tile_spec(tile, grid)
    tmp = out + '.tmp'
    shutil.rmtree(tmp, ignore_errors=True)
    for rel in m['files']:
        if rel in DECODER_FILES:
            continue
        os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
        # only files this script never writes are linked: a link shares its inode with BUNDLE's file
        (_link_or_copy if rel.endswith('.onnx') else shutil.copy2)(os.path.join(bundle, rel), os.path.join(tmp, rel))
    fx = os.path.join(tmp, 'fixtures')
    os.makedirs(fx, exist_ok=True)
    os.makedirs(os.path.join(tmp, 'desktop'), exist_ok=True)
    with open(os.path.join(bundle, 'fixtures', 'fixtures.json')) as f:
        old = json.load(f)
    cases = {'graphs': [c for c in old['graphs'] if c['graph'] != 'decoder'], 'runs': old.get('runs', [])}
    vae = load_vae(vae_dir, lat['scaling_factor'])
    gen = torch.Generator().manual_seed(1)
    cases['graphs'].append(_decoder_cases(vae, spec, m['decoder']['window'], grid, size, gen, fx, cases))
    with open(os.path.join(fx, 'fixtures.json'), 'w') as f:
        json.dump(cases, f, indent=1)
    decoder = {k: v for k, v in m['decoder'].items() if k != 'tile'}
    m['decoder'] = {**decoder, **({'tile': spec} if spec else {})}
    m['graphs']['decoder'] = io_spec(os.path.join(tmp, 'desktop', 'decoder.onnx'))
    m['flops']['decoder'] = graph_flops(os.path.join(tmp, 'desktop', 'decoder.onnx'))
    m['files'] = {}
    for dirpath, _, names in os.walk(tmp):
        for fn in sorted(names):
            p = os.path.join(dirpath, fn)
            # the linked graphs keep BUNDLE's checked entries: 2 GB not hashed again
            m['files'][os.path.relpath(p, tmp)] = (m_files[os.path.relpath(p, tmp)] if p.endswith('.onnx') and
                                                   os.path.relpath(p, tmp) not in DECODER_FILES else
                                                   {'sha256': sha256(p), 'bytes': os.path.getsize(p)})
    publish_bundle(tmp, out, m)
    return m


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('bundle')
    ap.add_argument('--vae', required=True, help='the diffusers vae folder BUNDLE was converted from')
    ap.add_argument('--out', required=True)
    ap.add_argument('--decoder-tile', type=int, nargs=2, default=None, metavar=('H', 'W'),
                    help='latent tile of the new decoder graph (default: whole frames)')
    ap.add_argument('--decoder-overlap', type=int, default=DEFAULT_OVERLAP)
    a = ap.parse_args(argv)
    if os.path.abspath(a.out) == os.path.abspath(a.bundle):
        ap.error('--out must be another folder than BUNDLE')
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    m = retile(a.bundle, a.vae, a.out, (*a.decoder_tile, a.decoder_overlap) if a.decoder_tile else None)
    print(f"{a.out}: decoder {m['graphs']['decoder']['inputs'][0]['shape']} -> "
          f"{m['graphs']['decoder']['outputs'][0]['shape']}, tile {m['decoder'].get('tile')}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
