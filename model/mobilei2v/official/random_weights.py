"""Random weights in the published layouts (the Mobiledit denoiser, the LTX-Video 0.9.0 VAE), full size or
narrow: what `make_random_official.py` writes and what the tests convert without the authors' files."""
import dataclasses
import json
import os
import zlib

import torch

from .checkpoint_io import write_safetensors
from .ltx_vae import PUBLISHED_VAE, LtxVae, LtxVaeConfig
from .mobiledit import Mobiledit, MobileditConfig, _MetaFactories

# published structure (128 latent channels, 4x4 patches, three 2x stages: 32x, 8x), narrower and shallower
SMALL_DENOISER = MobileditConfig(hidden=144, heads=2, linear_head_dim=72, latent_channels=128, caption_channels=16,
                                 caption_tokens=4, linear_run=1, grid_h=4, grid_w=4, frames=3)
SMALL_VAE = LtxVaeConfig(block_out_channels=(8, 16, 32, 32), decoder_block_out_channels=(8, 16, 32, 32),
                         layers_per_block=(1, 1, 1, 1, 1), decoder_layers_per_block=(1, 1, 1, 1, 1),
                         scaling_factor=0.5)
SMALL_GRID, SMALL_VIDEO = (3, 2, 3), (96, 56)   # 56 rows encode to 2 latent rows, decode to 64, cropped to 56
# the authors' block pattern (7 linear, 1 softmax, twice) at a narrow width, on the one grid their code runs at
# (it hard-codes 2760 tokens = 3x23x40): what tests/test_authors_parity.py compares with their model's outputs
PARITY_DENOISER = MobileditConfig(hidden=144, heads=2, linear_head_dim=72, latent_channels=8, caption_channels=16,
                                  caption_tokens=4, linear_run=7, grid_h=23, grid_w=40, frames=17)
PARITY_GRID = (3, 23, 40)


def seeded_state_dict(model, seed):
    """Every state-dict tensor of `model` drawn from one generator in sorted key order, so the same weights come
    back for a seed whatever the module init order or torch version: weights N(0, 1/fan_in), biases N(0, 0.1^2),
    norm weights 1 + N(0, 0.1^2), adaLN tables N(0, 0.3^2) (so every gate and shift matters), buffers N(0, 1)."""
    gen = torch.Generator().manual_seed(seed)
    params = dict(model.named_parameters())
    out = {}
    for key, ref in sorted(model.state_dict().items()):
        x = torch.randn(ref.shape, generator=gen, dtype=torch.float64)
        if key not in params:
            scale, offset = 1.0, 0.0
        elif key.endswith('scale_shift_table'):
            scale, offset = 0.3, 0.0
        elif ref.dim() >= 2:
            scale, offset = ref[0].numel() ** -0.5, 0.0
        elif key.endswith('norm.weight'):
            scale, offset = 0.1, 1.0
        else:
            scale, offset = 0.1, 0.0
        out[key] = (x * scale + offset).to(ref.dtype)
    return out


def vae_config_json(cfg):
    """A diffusers-style vae/config.json for `cfg` (tuples as lists, the class name diffusers writes)."""
    raw = {'_class_name': 'AutoencoderKLLTXVideo', 'patch_size_t': 1, 'timestep_conditioning': False,
           'encoder_causal': True, 'decoder_causal': False}
    for f in dataclasses.fields(cfg):
        v = getattr(cfg, f.name)
        raw[f.name] = list(v) if isinstance(v, tuple) else v
    return raw


def write_vae_dir(directory, cfg=SMALL_VAE, raw=None, seed=0):
    """A diffusers `vae/` folder (config.json + weights) of random weights; seed None keeps torch's state.
    Returns the module."""
    if seed is not None:
        torch.manual_seed(seed)
    vae = LtxVae(cfg).eval()
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, 'config.json'), 'w') as f:
        json.dump(vae_config_json(cfg) if raw is None else raw, f, indent=1)
    write_safetensors(os.path.join(directory, 'diffusion_pytorch_model.safetensors'), vae.state_dict())
    return vae


def write_random(out, small=False, seed=0):
    """Writes out/denoiser.safetensors and out/vae/; returns (denoiser checkpoint path, vae folder)."""
    torch.manual_seed(seed)
    os.makedirs(out, exist_ok=True)
    checkpoint = os.path.join(out, 'denoiser.safetensors')
    write_safetensors(checkpoint, (Mobiledit(SMALL_DENOISER) if small else Mobiledit()).state_dict())
    vae_dir = os.path.join(out, 'vae')
    write_vae_dir(vae_dir, SMALL_VAE if small else PUBLISHED_VAE, seed=None)
    return checkpoint, vae_dir


def _keyed_fill_(key, t, seed):
    g = torch.Generator().manual_seed((int(seed) * 1_000_003 + zlib.crc32(key.encode())) % (2 ** 63))
    if t.dim() >= 2:
        a = (3.0 / (t.numel() // t.shape[0])) ** 0.5
        return t.uniform_(-a, a, generator=g)
    low = 0.8 if key.endswith('.weight') or key == 'latents_std' else -0.2
    return t.uniform_(low, low + 0.4, generator=g)


def keyed_random_state(template, seed):
    """fp32 random tensors with the keys and shapes of `template` (a state dict; meta tensors will do), each
    drawn from its own generator seeded by (seed, crc32 of its key): the values depend only on key, shape and
    seed, never on the order a module tree builds its parameters, so a reference implementation with the same
    keys gets the same weights. Conv weights U(+-sqrt(3 / fan_in)) (unit-variance outputs), norm scales and
    latents_std U(0.8, 1.2), biases and latents_mean U(+-0.2). tests/fixtures/ltx_vae was made with this:
    changing it changes them."""
    return {k: _keyed_fill_(k, torch.empty(tuple(t.shape)), seed) for k, t in template.items()}


def keyed_random_module(factory, seed):
    """factory() built on meta, then given keyed_random_state(..., seed) in place: no default init and no
    second copy of the weights (the full VAE: 1.7 GB once, ~10 s)."""
    with _MetaFactories():
        module = factory()
    module.to_empty(device='cpu')
    with torch.no_grad():
        for key, t in module.state_dict().items():
            _keyed_fill_(key, t, seed)
    return module
