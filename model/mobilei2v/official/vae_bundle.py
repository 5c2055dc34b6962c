"""The LTX-Video VAE in the bundle's contracts (docs/BUNDLE.md): an `encoder` graph (picture -> z0 as the
denoiser sees it) and a `vae-chunk` `decoder` graph (a window of latent frames -> their RGB frames), plus
the window schedule the Java pipeline follows and its PyTorch twin `stream_decode`."""
import os

import torch
import torch.nn as nn

from .checkpoint_io import CheckpointError, load_state_dict
from .convert import key_problems
from .ltx_vae import LtxVae, config_from_json

WEIGHTS = 'diffusion_pytorch_model.safetensors'
OPTIONAL_KEYS = ('latents_mean', 'latents_std')   # per-channel statistics: MobileI2V does not apply them


def load_vae(directory, scaling_factor=None):
    """LtxVae from a diffusers `vae` folder (config.json + diffusion_pytorch_model.safetensors, or a .bin),
    every key and shape checked first; `scaling_factor` overrides the config's."""
    cfg = config_from_json(os.path.join(directory, 'config.json'))
    if scaling_factor is not None:
        cfg = type(cfg)(**{**cfg.__dict__, 'scaling_factor': float(scaling_factor)})
    path = os.path.join(directory, WEIGHTS)
    if not os.path.exists(path) and os.path.exists(os.path.join(directory, 'diffusion_pytorch_model.bin')):
        path = os.path.join(directory, 'diffusion_pytorch_model.bin')
    if not os.path.exists(path):
        raise CheckpointError(f'{directory}: no {WEIGHTS} (the diffusers VAE weights)')
    tensors = load_state_dict(path)
    vae = LtxVae(cfg)
    expected = vae.state_dict()
    for k in OPTIONAL_KEYS:
        tensors.setdefault(k, expected[k])
    problems = key_problems(expected, tensors)
    if problems:
        raise CheckpointError(f'{path}: not the LTX-Video VAE layout its config.json describes; ' + '; '.join(problems))
    vae.load_state_dict({k: v.float() for k, v in tensors.items()}, strict=True)
    return vae.eval()


class EncoderGraph(nn.Module):
    """image [1, 3, H, W] in [-1, 1] -> latent [1, C, 1, h, w] = posterior mean * scaling_factor."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae
        self.scale = float(vae.cfg.scaling_factor)

    def forward(self, image):
        return self.vae.encode_mean(image.unsqueeze(2)) * self.scale


class ChunkDecoderGraph(nn.Module):
    """latents [1, C, W, h, w] (as sampled, i.e. scaled) -> frames [1, 3, 1 + 8 (W - 1), height, width]:
    divided by scaling_factor, decoded, cropped to the top-left height x width (736 -> 720 rows)."""

    def __init__(self, decoder, scaling_factor, height, width):
        super().__init__()
        self.decoder = decoder
        self.scale = float(scaling_factor)
        self.height, self.width = height, width

    def forward(self, latents):
        return self.decoder(latents / self.scale)[:, :, :, :self.height, :self.width]


def window_start(k, frames, window):
    """First latent frame of the window that decodes latent frame k: clamp(k - window // 2, 0, frames - window)."""
    return min(max(k - window // 2, 0), frames - window)


def pixel_frames(position, ratio=8):
    """Indices, in a window's decoded frames, of the pixel frames of the window's latent frame `position`."""
    return [0] if position == 0 else list(range(ratio * (position - 1) + 1, ratio * position + 1))


def window_plan(frames, window, ratio=8):
    """[(start, [(k, output frame ids, window frame ids)…])…]: one decoder call per distinct window start,
    in increasing k; the frames of latent frame k are video frames 0 (k = 0) or 8 (k - 1) + 1 … 8 k."""
    if not 1 <= window <= frames or (window == 1 and frames > 1):
        raise ValueError(f'decoder.window must be in [2, latent.frames = {frames}] (1 only for one latent frame), not {window}')
    plan = []
    for k in range(frames):
        start = window_start(k, frames, window)
        if not plan or plan[-1][0] != start:
            plan.append((start, []))
        plan[-1][1].append((k, pixel_frames(k, ratio), pixel_frames(k - start, ratio)))
    return plan


def stream_decode(decode, latents, window, ratio=8):
    """What the Java pipeline does with a `vae-chunk` decoder: `decode` ([1,C,window,h,w] -> window frames)
    called once per plan entry; returns all frames [1, 3, 1 + 8 (T - 1), H, W] in video order."""
    frames = latents.shape[2]
    out = [None] * (1 + ratio * (frames - 1))
    for start, items in window_plan(frames, window, ratio):
        decoded = decode(latents[:, :, start:start + window])
        for _, ids, local in items:
            for i, j in zip(ids, local):
                out[i] = decoded[:, :, j]
    return torch.stack(out, dim=2)


def temporal_radius(dec):
    """Latent frames each side that one decoded frame can see (the 3-tap convs of the non-causal decoder,
    each counted at its frame rate): the window that makes windowed decoding exact."""
    rate, radius = 1, 0.0
    convs = [dec.conv_in] + [c for r in dec.mid_block.resnets for c in (r.conv1, r.conv2)]
    radius += len(convs)
    for block in dec.up_blocks:
        n = 0
        if block.conv_in is not None:
            n += 2
        if block.upsamplers is not None:
            radius += (n + 1) / rate
            rate, n = rate * 2, 0
        n += 2 * len(block.resnets)
        radius += n / rate
    return radius + 1 / rate   # conv_out
