"""Random-initialised weights in the published layouts, for trying the converter without the authors' files.

usage: python3 model/make_random_official.py --out DIR [--small] [--seed N] [--bundle BUNDLE [--distilled] [--window W]
           [--grid T H W --video WIDTH HEIGHT] [--decoder-tile H W [--decoder-overlap N]] [--variants V ...]]

Writes DIR/denoiser.safetensors (Mobiledit_300M_P1_D16's keys and shapes: 267,218,048 parameters) and
DIR/vae/{config.json, diffusion_pytorch_model.safetensors} (the LTX-Video 0.9.0 VAE, diffusers' keys).
--small writes the same key layout at narrow widths (what the tests convert: seconds, not minutes).
--bundle also converts them (convert_official.py's write_bundle; with --small at a 3x2x3 latent grid,
96x56 video, the layout the Java parity test replays; --window W: W latent frames per decoder call instead
of all, the streaming multi-call decode; --grid/--video another size; --decoder-tile the decoder exported at
that latent tile and called tile by tile, e.g. --grid 3 4 6 --video 184 120 --decoder-tile 2 4 --decoder-overlap 1,
the tiled layout the Java tiling parity test replays: 3 x 2 tiles, cropped at both edges). The weights are noise: a bundle converted from
them runs end to end, but its video is noise too.
"""
import argparse
import os
import sys

import torch

from mobilei2v.official.bundle import write_bundle
from mobilei2v.official.mobiledit import PUBLISHED
from mobilei2v.official.tiling import DEFAULT_OVERLAP
from mobilei2v.official.random_weights import SMALL_DENOISER, SMALL_GRID, SMALL_VIDEO, write_random


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', required=True)
    ap.add_argument('--small', action='store_true', help='narrow widths, same keys (for tests)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--bundle', help='also convert the weights into this bundle folder')
    ap.add_argument('--distilled', action='store_true', help='with --bundle: 1- and 2-step schedules')
    ap.add_argument('--window', type=int, default=None,
                    help='with --bundle: latent frames per decoder call (default all latent frames: exact)')
    ap.add_argument('--variants', nargs='+', default=None, metavar='VARIANT',
                    help='with --bundle: the denoiser variants (default all four, as convert_official.py)')
    ap.add_argument('--grid', type=int, nargs=3, default=None, metavar=('T', 'H', 'W'),
                    help='with --bundle: latent grid (default 3 2 3 with --small, else 3 23 40)')
    ap.add_argument('--video', type=int, nargs=2, default=None, metavar=('WIDTH', 'HEIGHT'),
                    help='with --grid: the video size (default 32 W x 32 H)')
    ap.add_argument('--decoder-tile', type=int, nargs=2, default=None, metavar=('H', 'W'),
                    help='with --bundle: latent tile of the decoder graph (default: whole frames)')
    ap.add_argument('--decoder-overlap', type=int, default=DEFAULT_OVERLAP,
                    help=f'with --decoder-tile: latent cells neighbouring tiles share (default {DEFAULT_OVERLAP})')
    a = ap.parse_args(argv)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    checkpoint, vae_dir = write_random(a.out, a.small, a.seed)
    print(f'{checkpoint}\n{vae_dir}')
    if a.bundle:
        grid, video = (SMALL_GRID, SMALL_VIDEO) if a.small else ((3, 23, 40), (1280, 720))
        if a.grid:
            grid, video = tuple(a.grid), tuple(a.video) if a.video else None
        tile = (*a.decoder_tile, a.decoder_overlap) if a.decoder_tile else None
        write_bundle(checkpoint, vae_dir, a.bundle, grid=grid, video=video, teacher_steps=4 if a.small else 30,
                     distilled=a.distilled, window=a.window, cfg=SMALL_DENOISER if a.small else PUBLISHED,
                     name='mobilei2v-300m-random', variants=a.variants, decoder_tile=tile,
                     run_fixture=a.small)   # the tests' bundles carry a whole run; at full size it takes minutes
        print(a.bundle)
    return 0


if __name__ == '__main__':
    sys.exit(main())
