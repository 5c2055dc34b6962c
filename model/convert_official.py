"""Convert a published MobileI2V checkpoint (.pth or .safetensors) and the LTX-Video VAE into a bundle.

usage: python3 model/convert_official.py CHECKPOINT --vae DIR --out BUNDLE [--grid T H W] [--video W H]
           [--teacher-steps N | --distilled] [--window W] [--decoder-tile H W [--decoder-overlap N]]
           [--scaling-factor S] [--variants V [V ...]]

Checks every key and shape of both (a wrong file names the key), then writes BUNDLE/desktop/{encoder,
decoder}.onnx (fp32, shared by every variant; the decoder a `vae-chunk` window decoder, with --decoder-tile
exported at that latent tile shape and called tile by tile), the denoiser of each variant (--variants, default
all: desktop fp32 desktop/, mobile fp32 with head-tiled softmax attention mobile/, desktop-int8 int8/,
mobile-int8 mobile-int8/), fixtures/ from PyTorch and manifest.json (docs/BUNDLE.md), and checks the bundle
against the docs' rules before moving it into place.
DIR is the diffusers `vae` folder of Lightricks/LTX-Video (config.json + diffusion_pytorch_model.safetensors).
Without --vae nothing is written and the command says what is missing (exit 2).
"""
import argparse
import os
import sys

import torch

from mobilei2v.official.bundle import write_bundle
from mobilei2v.official.tiling import DEFAULT_OVERLAP, DEFAULT_TILE
from mobilei2v.official.convert import load_published
from mobilei2v.official.denoiser_variants import VARIANTS, chosen


def default_tile(grid, tile, overlap):
    """(height, width, overlap) for write_bundle, or None (whole frames, the default: exact, as the authors decode)."""
    return (tile[0], tile[1], overlap) if tile else None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('checkpoint')
    ap.add_argument('--vae', help='diffusers AutoencoderKLLTXVideo folder (Lightricks/LTX-Video, vae/)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--grid', type=int, nargs=3, default=None, metavar=('T', 'H', 'W'),
                    help='latent grid the graphs are fixed to (default 3 23 40: 17 frames of 1280x720)')
    ap.add_argument('--video', type=int, nargs=2, default=None, metavar=('WIDTH', 'HEIGHT'),
                    help='video size (default 1280 720 for the default grid, else 32*W x 32*H)')
    kind = ap.add_mutually_exclusive_group()
    kind.add_argument('--teacher-steps', type=int, default=30, help='flow-Euler steps of the teacher schedule')
    kind.add_argument('--distilled', action='store_true', help='a distilled checkpoint: 1- and 2-step schedules')
    ap.add_argument('--window', type=int, default=None,
                    help='latent frames per decoder call (default all: exact; fewer streams, inexactly)')
    ap.add_argument('--decoder-tile', type=int, nargs=2, default=None, metavar=('H', 'W'),
                    help=f'decode in latent tiles of H x W, blended (default: whole frames, exact); e.g. '
                         f'{DEFAULT_TILE[0]} {DEFAULT_TILE[1]}: 6 tiles of 23x40 at 720p, lower peak memory, inexact')
    ap.add_argument('--decoder-overlap', type=int, default=DEFAULT_OVERLAP,
                    help=f'latent cells neighbouring tiles share at least, blended linearly (default {DEFAULT_OVERLAP})')
    ap.add_argument('--scaling-factor', type=float, default=None,
                    help="latent scaling factor (default the VAE config.json's; MobileI2V applies that one)")
    ap.add_argument('--version', default='1.0.0')
    ap.add_argument('--variants', nargs='+', default=list(VARIANTS), metavar='VARIANT',
                    help=f'denoiser variants to write (default all: {" ".join(VARIANTS)}); each takes minutes at full size')
    ap.add_argument('--run-fixture', action='store_true',
                    help='also a whole-run fixture: one default-schedule generation in PyTorch, from the encoder input '
                         'to 8-bit frames, which the Java tests replay (at 1280x720 on CPU: about 15 s per teacher '
                         'step plus minutes for the decoder)')
    a = ap.parse_args(argv)
    try:
        variants = chosen(a.variants)
    except ValueError as e:
        ap.error(str(e))
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    grid = tuple(a.grid) if a.grid else (3, 23, 40)
    video = tuple(a.video) if a.video else (None if a.grid else (1280, 720))
    if not a.vae:
        load_published(a.checkpoint)          # still names a wrong checkpoint first
        print('no --vae given; missing: the LTX-Video VAE (Lightricks/LTX-Video, vae/: config.json and '
              'diffusion_pytorch_model.safetensors), needed for the encoder and decoder graphs', file=sys.stderr)
        print('no bundle written: it is incomplete without them', file=sys.stderr)
        return 2
    m = write_bundle(a.checkpoint, a.vae, a.out, grid=grid, video=video, teacher_steps=a.teacher_steps,
                     distilled=a.distilled, window=a.window, scaling_factor=a.scaling_factor, version=a.version,
                     variants=variants, decoder_tile=default_tile(grid, a.decoder_tile, a.decoder_overlap),
                     run_fixture=a.run_fixture)
    total = sum(f['bytes'] for f in m['files'].values())
    print(f"{a.out}: {len(m['files'])} files, {total / 1e6:.1f} MB; video {m['video']['width']}x"
          f"{m['video']['height']}x{m['video']['frames']}, decoder window {m['decoder']['window']} of "
          f"{m['latent']['frames']} latent frames{tile_note(m['decoder'])}, "
          f"schedules {[s['name'] for s in m['sampler']['schedules']]}, variants {list(m['variants'])}")
    return 0


def tile_note(decoder):
    t = decoder.get('tile')
    return f" in {t['height']}x{t['width']} latent tiles (overlap {t['overlap']})" if t else ''


if __name__ == '__main__':
    sys.exit(main())
