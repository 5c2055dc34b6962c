"""The LTX-Video VAE (0.9.0, the `vae` folder of Lightricks/LTX-Video that MobileI2V loads with diffusers'
AutoencoderKLLTXVideo) as a module tree with diffusers' state-dict keys and shapes, so a published
`vae/diffusion_pytorch_model.safetensors` loads with strict=True.

Written from the published config and layout (diffusers' autoencoder_kl_ltx.py read as documentation;
no code copied; outputs checked against that code in tests/test_ltx_vae_reference.py). Layout, for
block_out_channels (128, 256, 512, 512), layers (4, 3, 3, 3, 4):
- encoder (causal in time): patchify 4x4 (48 channels), conv_in, 4 down blocks (resnets, then a stride-2
  conv in t, h, w where spatio_temporal_scaling says so, then a widening resnet `conv_out`), a mid block,
  channel RMSNorm + SiLU + conv_out to latent_channels + 1 (mean, and one log-variance channel shared by all).
- decoder (not causal): conv_in, mid block, 4 up blocks (a widening resnet `conv_in`, a depth-to-space
  upsampler that doubles t, h, w and drops the first new frame, resnets), RMSNorm + SiLU + conv_out to
  48 channels, unpatchify. 1 + 8 (T - 1) frames from T latent frames; 32x spatially.
Every 3x3x3 conv pads h, w with zeros and t by repeating the edge frames (causal: 2 copies of the first
frame; non-causal: one copy of the first and one of the last).
"""
import json
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from .mobiledit import _MetaFactories


@dataclass(frozen=True)
class LtxVaeConfig:
    in_channels: int = 3
    out_channels: int = 3
    latent_channels: int = 128
    block_out_channels: tuple = (128, 256, 512, 512)
    decoder_block_out_channels: tuple = (128, 256, 512, 512)
    layers_per_block: tuple = (4, 3, 3, 3, 4)
    decoder_layers_per_block: tuple = (4, 3, 3, 3, 4)
    spatio_temporal_scaling: tuple = (True, True, True, False)
    decoder_spatio_temporal_scaling: tuple = (True, True, True, False)
    patch_size: int = 4
    resnet_norm_eps: float = 1e-6
    scaling_factor: float = 1.0

    @property
    def spatial_ratio(self):
        return self.patch_size * 2 ** sum(self.spatio_temporal_scaling)

    @property
    def temporal_ratio(self):
        return 2 ** sum(self.spatio_temporal_scaling)


PUBLISHED_VAE = LtxVaeConfig()
PUBLISHED_ENCODER_PARAMS = 180_404_353      # counted on meta (tests/test_ltx_vae.py)
PUBLISHED_DECODER_PARAMS = 238_789_296

# config.json fields of later LTX VAEs (0.9.1 and on) that change the layout; this module builds 0.9.0 only
_FIXED = {'patch_size_t': 1, 'timestep_conditioning': False, 'encoder_causal': True, 'decoder_causal': False,
          'decoder_inject_noise': [False] * 5, 'upsample_residual': [False] * 4, 'upsample_factor': [1] * 4,
          'down_block_types': ['LTXVideoDownBlock3D'] * 4, 'downsample_type': ['conv'] * 4}


def config_from_json(path):
    """LtxVaeConfig from a diffusers vae/config.json; ValueError naming the file and field when the file
    describes another layout (e.g. the timestep-conditioned 0.9.1+ decoders)."""
    with open(path) as f:
        raw = json.load(f)
    if raw.get('_class_name', 'AutoencoderKLLTXVideo') != 'AutoencoderKLLTXVideo':
        raise ValueError(f"{path}: field '_class_name' is {raw['_class_name']!r}, expected 'AutoencoderKLLTXVideo'")
    for key, want in _FIXED.items():
        if key in raw and (list(raw[key]) if isinstance(raw[key], (list, tuple)) else raw[key]) != want:
            raise ValueError(f"{path}: field '{key}' is {raw[key]!r}; only the LTX-Video 0.9.0 VAE layout "
                             f"({key} = {want!r}) is built here")
    kwargs = {}
    for name, default in LtxVaeConfig.__dataclass_fields__.items():
        if name in raw:
            value = raw[name]
            kwargs[name] = tuple(value) if isinstance(value, list) else value
    cfg = LtxVaeConfig(**kwargs)
    if len(cfg.decoder_block_out_channels) != len(cfg.decoder_spatio_temporal_scaling) or \
            len(cfg.decoder_layers_per_block) != len(cfg.decoder_block_out_channels) + 1:
        raise ValueError(f"{path}: fields 'decoder_block_out_channels', 'decoder_layers_per_block' and "
                         f"'decoder_spatio_temporal_scaling' disagree in length")
    return cfg


def rms_channels(x, eps=1e-8):
    """RMSNorm over the channel axis (dim 1) without weights, computed in fp32 as published."""
    return x * torch.rsqrt(x.float().pow(2).mean(1, keepdim=True) + eps).to(x.dtype)


class CausalConv3d(nn.Module):
    """nn.Conv3d under `.conv`, zero padding in h and w, edge-frame repetition in t."""

    def __init__(self, cin, cout, kernel=3, stride=1, causal=True):
        super().__init__()
        self.kernel_t = kernel
        self.causal = causal
        self.conv = nn.Conv3d(cin, cout, kernel, stride=stride, padding=(0, kernel // 2, kernel // 2))

    def forward(self, x):
        k = self.kernel_t
        if k > 1:
            if self.causal:
                x = torch.cat([x[:, :, :1]] * (k - 1) + [x], dim=2)
            else:
                pad = (k - 1) // 2
                x = torch.cat([x[:, :, :1]] * pad + [x] + [x[:, :, -1:]] * pad, dim=2)
        return self.conv(x)


class ResnetBlock(nn.Module):
    """RMSNorm, SiLU, conv, RMSNorm, SiLU, conv, plus the input (LayerNorm + 1x1x1 conv when widening)."""

    def __init__(self, cin, cout, causal, eps):
        super().__init__()
        self.conv1 = CausalConv3d(cin, cout, causal=causal)
        self.conv2 = CausalConv3d(cout, cout, causal=causal)
        self.norm3 = nn.LayerNorm(cin, eps=eps) if cin != cout else None
        self.conv_shortcut = CausalConv3d(cin, cout, kernel=1, causal=causal) if cin != cout else None

    def forward(self, x):
        h = self.conv1(F.silu(rms_channels(x)))
        h = self.conv2(F.silu(rms_channels(h)))
        if self.norm3 is not None:
            # explicit positive permutations: torch 1.13 exports movedim(-1, 1) as Transpose perm [0, -1, 1, 2, 3],
            # which onnx.checker passes and ONNX Runtime refuses to load
            x = self.conv_shortcut(self.norm3(x.permute(0, 2, 3, 4, 1)).permute(0, 4, 1, 2, 3))
        return h + x


class MidBlock(nn.Module):
    def __init__(self, channels, layers, causal, eps):
        super().__init__()
        self.resnets = nn.ModuleList(ResnetBlock(channels, channels, causal, eps) for _ in range(layers))

    def forward(self, x):
        for r in self.resnets:
            x = r(x)
        return x


class DownBlock(nn.Module):
    def __init__(self, cin, cout, layers, downsample, eps):
        super().__init__()
        self.resnets = nn.ModuleList(ResnetBlock(cin, cin, True, eps) for _ in range(layers))
        self.downsamplers = nn.ModuleList([CausalConv3d(cin, cin, stride=2)]) if downsample else None
        self.conv_out = ResnetBlock(cin, cout, True, eps) if cin != cout else None

    def forward(self, x):
        for r in self.resnets:
            x = r(x)
        if self.downsamplers is not None:
            x = self.downsamplers[0](x)
        return self.conv_out(x) if self.conv_out is not None else x


class Upsampler(nn.Module):
    """conv to 8x channels, depth-to-space over (t, h, w) by 2, the first of the new frames dropped."""

    def __init__(self, channels):
        super().__init__()
        self.conv = CausalConv3d(channels, channels * 8, causal=False)

    def forward(self, x):
        b, c, t, h, w = x.shape
        y = self.conv(x).reshape(b, c, 2, 2, 2, t, h, w).permute(0, 1, 5, 2, 6, 3, 7, 4)
        return y.reshape(b, c, 2 * t, 2 * h, 2 * w)[:, :, 1:]


class UpBlock(nn.Module):
    def __init__(self, cin, cout, layers, upsample, eps):
        super().__init__()
        self.conv_in = ResnetBlock(cin, cout, False, eps) if cin != cout else None
        self.upsamplers = nn.ModuleList([Upsampler(cout)]) if upsample else None
        self.resnets = nn.ModuleList(ResnetBlock(cout, cout, False, eps) for _ in range(layers))

    def forward(self, x):
        if self.conv_in is not None:
            x = self.conv_in(x)
        if self.upsamplers is not None:
            x = self.upsamplers[0](x)
        for r in self.resnets:
            x = r(x)
        return x


class Encoder(nn.Module):
    """Video [B, 3, 1 + 8k, H, W] in [-1, 1] (H, W multiples of 4) -> [B, latent + 1, 1 + k, ~H/32, ~W/32]:
    the posterior mean, then one log-variance channel."""

    def __init__(self, cfg: LtxVaeConfig = PUBLISHED_VAE):
        super().__init__()
        p, chans, eps = cfg.patch_size, cfg.block_out_channels, cfg.resnet_norm_eps
        self.patch = p
        self.conv_in = CausalConv3d(cfg.in_channels * p * p, chans[0])
        blocks, cout = [], chans[0]
        for i in range(len(chans)):
            cin, cout = cout, chans[min(i + 1, len(chans) - 1)]
            blocks.append(DownBlock(cin, cout, cfg.layers_per_block[i], cfg.spatio_temporal_scaling[i], eps))
        self.down_blocks = nn.ModuleList(blocks)
        self.mid_block = MidBlock(cout, cfg.layers_per_block[-1], True, eps)
        self.conv_out = CausalConv3d(cout, cfg.latent_channels + 1)

    def forward(self, video):
        b, c, t, h, w = video.shape
        p = self.patch
        # channel order of a patch: colour, then the column within the patch, then the row
        x = video.reshape(b, c, t, h // p, p, w // p, p).permute(0, 1, 6, 4, 2, 3, 5).reshape(b, c * p * p, t, h // p, w // p)
        x = self.conv_in(x)
        for block in self.down_blocks:
            x = block(x)
        x = self.mid_block(x)
        return self.conv_out(F.silu(rms_channels(x)))


class Decoder(nn.Module):
    """Latents [B, 128, T, h, w] (unscaled) -> video [B, 3, 1 + 8 (T - 1), 32h, 32w], about [-1, 1]."""

    def __init__(self, cfg: LtxVaeConfig = PUBLISHED_VAE):
        super().__init__()
        p, eps = cfg.patch_size, cfg.resnet_norm_eps
        chans = tuple(reversed(cfg.decoder_block_out_channels))
        scaling = tuple(reversed(cfg.decoder_spatio_temporal_scaling))
        layers = tuple(reversed(cfg.decoder_layers_per_block))
        self.patch = p
        self.conv_in = CausalConv3d(cfg.latent_channels, chans[0], causal=False)
        self.mid_block = MidBlock(chans[0], layers[0], False, eps)
        blocks, cout = [], chans[0]
        for i in range(len(chans)):
            cin, cout = cout, chans[i]
            blocks.append(UpBlock(cin, cout, layers[i + 1], scaling[i], eps))
        self.up_blocks = nn.ModuleList(blocks)
        self.conv_out = CausalConv3d(cout, cfg.out_channels * p * p, causal=False)

    def forward(self, z):
        x = self.mid_block(self.conv_in(z))
        for block in self.up_blocks:
            x = block(x)
        x = self.conv_out(F.silu(rms_channels(x)))
        b, _, t, h, w = x.shape
        p = self.patch
        x = x.reshape(b, -1, p, p, t, h, w).permute(0, 1, 4, 5, 3, 6, 2)   # (colour, column, row) per patch
        return x.reshape(b, -1, t, h * p, w * p)


class LtxVae(nn.Module):
    """encoder + decoder + the per-channel latent statistics buffers, diffusers' top-level keys."""

    def __init__(self, cfg: LtxVaeConfig = PUBLISHED_VAE):
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)
        self.register_buffer('latents_mean', torch.zeros(cfg.latent_channels))
        self.register_buffer('latents_std', torch.ones(cfg.latent_channels))

    def encode_mean(self, video):
        """The posterior mean (MobileI2V samples the posterior instead: mean + exp(logvar / 2) * noise)."""
        return self.encoder(video)[:, :self.cfg.latent_channels]


def parameter_counts(cfg: LtxVaeConfig = PUBLISHED_VAE):
    """(encoder, decoder) parameters of the tree for `cfg`, counted on the meta device."""
    with _MetaFactories():
        vae = LtxVae(cfg)
    assert all(p.is_meta for p in vae.parameters())
    return (sum(p.numel() for p in vae.encoder.parameters()), sum(p.numel() for p in vae.decoder.parameters()))
