"""Random-initialised weights in the published layouts, for trying the converter without the authors' files.

usage: python3 model/make_random_official.py --out DIR [--small] [--seed N] [--bundle BUNDLE [--distilled] [--window W]]

Writes DIR/denoiser.safetensors (Mobiledit_300M_P1_D16's keys and shapes: 267,218,048 parameters) and
DIR/vae/{config.json, diffusion_pytorch_model.safetensors} (the LTX-Video 0.9.0 VAE, diffusers' keys).
--small writes the same key layout at narrow widths (what the tests convert: seconds, not minutes).
--bundle also converts them (convert_official.py's write_bundle; with --small at a 3x2x3 latent grid,
96x56 video, the layout the Java parity test replays; --window W: W latent frames per decoder call instead
of all, the streaming multi-call decode). The weights are noise: a bundle converted from
them runs end to end, but its video is noise too.
"""
import argparse
import dataclasses
import json
import os
import sys

import torch

from mobilei2v.official.bundle import write_bundle
from mobilei2v.official.checkpoint_io import write_safetensors
from mobilei2v.official.ltx_vae import PUBLISHED_VAE, LtxVae, LtxVaeConfig
from mobilei2v.official.mobiledit import PUBLISHED, Mobiledit, MobileditConfig

SMALL_DENOISER = MobileditConfig(hidden=144, heads=2, linear_head_dim=72, latent_channels=128, caption_channels=16,
                                 caption_tokens=4, linear_run=1, grid_h=4, grid_w=4, frames=3)
SMALL_GRID, SMALL_VIDEO = (3, 2, 3), (96, 56)   # 56 rows decode to 64, cropped to 56 (as 720 of 736)
SMALL_VAE = LtxVaeConfig(block_out_channels=(8, 16, 32, 32), decoder_block_out_channels=(8, 16, 32, 32),
                         layers_per_block=(1, 1, 1, 1, 1), decoder_layers_per_block=(1, 1, 1, 1, 1),
                         scaling_factor=0.5)


def vae_config_json(cfg):
    """A diffusers-style vae/config.json for `cfg` (tuples as lists, the class name diffusers writes)."""
    raw = {'_class_name': 'AutoencoderKLLTXVideo', 'patch_size_t': 1, 'timestep_conditioning': False,
           'encoder_causal': True, 'decoder_causal': False}
    for f in dataclasses.fields(cfg):
        v = getattr(cfg, f.name)
        raw[f.name] = list(v) if isinstance(v, tuple) else v
    return raw


def write_random(out, small=False, seed=0):
    """Writes both weight sets under `out`; returns (denoiser checkpoint path, vae folder)."""
    torch.manual_seed(seed)
    os.makedirs(os.path.join(out, 'vae'), exist_ok=True)
    checkpoint = os.path.join(out, 'denoiser.safetensors')
    write_safetensors(checkpoint, (Mobiledit(SMALL_DENOISER) if small else Mobiledit()).state_dict())
    vae_cfg = SMALL_VAE if small else PUBLISHED_VAE
    vae_dir = os.path.join(out, 'vae')
    with open(os.path.join(vae_dir, 'config.json'), 'w') as f:
        json.dump(vae_config_json(vae_cfg), f, indent=1)
    write_safetensors(os.path.join(vae_dir, 'diffusion_pytorch_model.safetensors'), LtxVae(vae_cfg).state_dict())
    return checkpoint, vae_dir


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', required=True)
    ap.add_argument('--small', action='store_true', help='narrow widths, same keys (for tests)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--bundle', help='also convert the weights into this bundle folder')
    ap.add_argument('--distilled', action='store_true', help='with --bundle: 1- and 2-step schedules')
    ap.add_argument('--window', type=int, default=None,
                    help='with --bundle: latent frames per decoder call (default all latent frames: exact)')
    a = ap.parse_args(argv)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    checkpoint, vae_dir = write_random(a.out, a.small, a.seed)
    print(f'{checkpoint}\n{vae_dir}')
    if a.bundle:
        grid, video = (SMALL_GRID, SMALL_VIDEO) if a.small else ((3, 23, 40), (1280, 720))
        write_bundle(checkpoint, vae_dir, a.bundle, grid=grid, video=video, teacher_steps=4 if a.small else 30,
                     distilled=a.distilled, window=a.window, cfg=SMALL_DENOISER if a.small else PUBLISHED,
                     name='mobilei2v-300m-random')
        print(a.bundle)
    return 0


if __name__ == '__main__':
    sys.exit(main())
