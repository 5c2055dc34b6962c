"""The published MobileI2V denoiser (Mobiledit_300M_P1_D16) as a module tree whose state-dict
keys and shapes are those of the published checkpoint, so it loads with strict=True.

Written from the published architecture facts (hustvl/MobileI2V, a SANA fork); no code copied.
Layout: 7 linear-attention blocks, 1 softmax block, 7 linear, 1 softmax (see README "Published model").
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

from .attention import QUERY_TILE, RMSNorm, ReluLinearAttention, SoftmaxAttention, rope3d  # noqa: F401 (re-exported)
from .fused_ops import skip_layer_norm


@dataclass(frozen=True)
class MobileditConfig:
    hidden: int = 1152
    heads: int = 16
    linear_head_dim: int = 72
    ffn_ratio: float = 2.5
    latent_channels: int = 128
    caption_channels: int = 896
    caption_tokens: int = 300
    linear_run: int = 7          # linear blocks before each softmax block; two runs
    grid_h: int = 23             # buffers pos_embed / pos_embed_temporal (unused: use_pe false); their train_i2v.py
    grid_w: int = 40             # builds the grid from the yaml's 720x1280: ceil(720 / 32) = 23 rows, 40 columns
    frames: int = 17
    freq_dim: int = 256


PUBLISHED = MobileditConfig()
PUBLISHED_PARAMS = 267_218_048


class NonAffineLayerNorm(nn.Module):
    """LayerNorm without learned weights, as published; its unit scale is a non-persistent buffer so
    the state dict has no key for it and torch 1.13 exports a valid LayerNormalization at opset 17
    (nn.LayerNorm(elementwise_affine=False) exports one with an empty scale input, which is invalid)."""

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.register_buffer('unit', torch.ones(dim), persistent=False)
        self.register_buffer('zero', torch.zeros(dim), persistent=False)

    def forward(self, x):
        return F.layer_norm(x, self.unit.shape, self.unit, self.zero, self.eps)


class Conv(nn.Module):
    """Holds its conv as `.conv` so keys read `<name>.conv.weight`."""

    def __init__(self, cin, cout, k, groups=1, bias=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=k // 2, groups=groups, bias=bias)

    def forward(self, x):
        return self.conv(x)


class GatedConvFFN(nn.Module):
    """1x1 expand to 2*hidden (SiLU), depthwise 3x3, GLU (SiLU gate), 1x1 project without bias."""

    def __init__(self, dim, hidden):
        super().__init__()
        self.inverted_conv = Conv(dim, 2 * hidden, 1)
        self.depth_conv = Conv(2 * hidden, 2 * hidden, 3, groups=2 * hidden)
        self.point_conv = Conv(hidden, dim, 1, bias=False)

    on_tokens = False   # export form (Mobiledit.set_export_fusions): the 1x1 convs as MatMuls on the tokens

    def forward(self, x, h, w):
        if self.on_tokens:
            return self._forward_tokens(x, h, w)
        b, n, c = x.shape
        x = x.transpose(1, 2).reshape(b, c, h, w)
        # value and gate as two paths (expand, SiLU and depthwise conv are per channel after the
        # expansion, so the halves are independent): the same values as expanding to 2*hidden and
        # splitting, without a Split of the widest activation (in ONNX Runtime's NCHWc layout a
        # Split also forces a reorder out of it)
        value, gate = (self._half(x, i) for i in (0, 1))
        x = self.point_conv(value * F.silu(gate))
        return x.reshape(b, c, n).transpose(1, 2)   # a reshape, not flatten: its shape stays static in ONNX

    def _half(self, x, i):
        hidden = self.point_conv.conv.in_channels
        rows = slice(i * hidden, (i + 1) * hidden)
        inv, dw = self.inverted_conv.conv, self.depth_conv.conv
        y = F.silu(F.conv2d(x, inv.weight[rows], inv.bias[rows]))
        return F.conv2d(y, dw.weight[rows], dw.bias[rows], padding=1, groups=hidden)

    def _forward_tokens(self, x, h, w):
        """The same arithmetic with the 1x1 convs as Linears on the (B, N, C) tokens (their (out, in, 1, 1)
        weights reshaped to (out, in)): ONNX Runtime runs them as GEMMs, not as NCHWc convolutions with
        reorders, and int8 quantisation covers them; only the depthwise 3x3 runs in the image layout."""
        b, n, _ = x.shape
        hidden = self.point_conv.conv.in_channels
        inv, dw = self.inverted_conv.conv, self.depth_conv.conv
        halves = []
        for i in (0, 1):
            rows = slice(i * hidden, (i + 1) * hidden)
            y = F.silu(F.linear(x, inv.weight[rows].reshape(hidden, -1), inv.bias[rows]))
            y = F.conv2d(y.transpose(1, 2).reshape(b, hidden, h, w), dw.weight[rows], dw.bias[rows],
                         padding=1, groups=hidden)
            halves.append(y.reshape(b, hidden, n).transpose(1, 2))
        value, gate = halves
        point = self.point_conv.conv.weight
        return F.linear(value * F.silu(gate), point.reshape(point.shape[0], hidden))


class Block(nn.Module):
    def __init__(self, cfg, linear):
        super().__init__()
        d = cfg.hidden
        self.norm1 = NonAffineLayerNorm(d)
        self.attn = ReluLinearAttention(d, cfg.linear_head_dim) if linear else SoftmaxAttention(d, cfg.heads)
        self.norm2 = NonAffineLayerNorm(d)
        self.mlp = GatedConvFFN(d, int(d * cfg.ffn_ratio))
        self.scale_shift_table = nn.Parameter(torch.randn(6, d) / d ** 0.5)

    fused_norms = False   # export form (Mobiledit.set_export_fusions): residual adds + LayerNorms fused

    def forward(self, x, mod, frames, h, w, skip=None):
        """`mod` is (B, N, 6C) per token or (B, frames, 6C) per latent frame (then broadcast over
        that frame's h*w tokens: the same values when a frame's tokens share their timestep).
        With `fused_norms` the residual stream comes in and goes out as a pair (x, skip) whose sum it is
        (`skip` None: x alone), so that each residual add and the LayerNorm after it are one
        SkipLayerNormalization node (fused_ops)."""
        b, n, c = x.shape
        per_frame = mod.shape[1] != n
        groups = frames if per_frame else n
        parts = (self.scale_shift_table[None] + mod.reshape(b, groups, 6, c)).unbind(2)
        if per_frame:
            parts = [p[:, :, None] for p in parts]

        def grouped(t):        # (B, N, C) -> (B, frames, h*w, C) when the modulation is per frame
            return t.reshape(b, frames, h * w, c) if per_frame else t

        shift1, scale1, gate1, shift2, scale2, gate2 = parts
        if skip is not None:
            normed, x = skip_layer_norm(x, skip, self.norm1.eps)
        else:
            normed = self.norm1(x)
        a = self.attn((grouped(normed) * (1 + scale1) + shift1).reshape(b, n, c), (frames, h, w))
        a = (gate1 * grouped(a)).reshape(b, n, c)
        if self.fused_norms:
            normed, x = skip_layer_norm(x, a, self.norm2.eps)
        else:
            x = x + a
            normed = self.norm2(x)
        y = grouped(normed) * (1 + scale2) + shift2
        y = self.mlp(y.reshape(b * frames, h * w, c), h, w).reshape(b, n, c)
        y = (gate2 * grouped(y)).reshape(b, n, c)
        return (x, y) if self.fused_norms else x + y


class ScalarEmbedder(nn.Module):
    """Sinusoid (cos, sin) of a scalar per token, then Linear-SiLU-Linear; keys `mlp.0`, `mlp.2`."""

    def __init__(self, d, freq_dim):
        super().__init__()
        self.freq_dim = freq_dim
        self.mlp = nn.Sequential(nn.Linear(freq_dim, d), nn.SiLU(), nn.Linear(d, d))

    def forward(self, s):
        half = self.freq_dim // 2
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=s.device) / half)
        arg = s.float()[..., None] * freqs
        return self.mlp(torch.cat([torch.cos(arg), torch.sin(arg)], dim=-1))


class CaptionProjection(nn.Module):
    """The text path's weights, carried by the checkpoint; text cross-attention is off, so unused."""

    def __init__(self, cin, d, tokens):
        super().__init__()
        self.y_proj = nn.Module()
        self.y_proj.fc1 = nn.Linear(cin, d)
        self.y_proj.fc2 = nn.Linear(d, d)
        self.register_buffer('y_embedding', torch.zeros(tokens, cin))


class FinalLayer(nn.Module):
    def __init__(self, d, cout):
        super().__init__()
        self.norm_final = NonAffineLayerNorm(d)
        self.linear = nn.Linear(d, cout)
        self.scale_shift_table = nn.Parameter(torch.randn(2, d) / d ** 0.5)

    def forward(self, x, t, skip=None):
        """`t` (B, N, C) per token or (B, frames, C) per latent frame (frames dividing N); the input is
        x + skip where the blocks' export form hands on a pair (Block.forward)."""
        b, n, c = x.shape
        shift, scale = (self.scale_shift_table[None, None] + t[:, :, None]).unbind(2)
        y = self.norm_final(x) if skip is None else skip_layer_norm(x, skip, self.norm_final.eps)[0]
        if t.shape[1] != n:
            y = (y.reshape(b, t.shape[1], n // t.shape[1], c) * (1 + scale[:, :, None]) + shift[:, :, None])
            return self.linear(y.reshape(b, n, c))
        return self.linear(y * (1 + scale) + shift)


class PatchEmbed(nn.Module):
    def __init__(self, cin, d):
        super().__init__()
        self.proj = nn.Conv2d(cin, d, kernel_size=1)


def _modulation(d):
    return nn.Sequential(nn.SiLU(), nn.Linear(d, 6 * d))


class Mobiledit(nn.Module):
    """v-prediction denoiser over latents (B, C, T, H, W); first latent frame is the condition."""

    def __init__(self, cfg: MobileditConfig = PUBLISHED):
        super().__init__()
        d = cfg.hidden
        self.cfg = cfg
        self.x_embedder = PatchEmbed(cfg.latent_channels, d)
        self.t_embedder = ScalarEmbedder(d, cfg.freq_dim)
        self.flow_embedder = ScalarEmbedder(d, cfg.freq_dim)
        self.register_buffer('pos_embed', torch.zeros(1, cfg.grid_h * cfg.grid_w, d))
        self.register_buffer('pos_embed_temporal', torch.zeros(1, cfg.frames, d))
        self.t_block = _modulation(d)
        self.flow_block = _modulation(d)
        self.y_embedder = CaptionProjection(cfg.caption_channels, d, cfg.caption_tokens)
        self.attention_y_norm = RMSNorm(d, 1e-5)
        kinds = ([True] * cfg.linear_run + [False]) * 2
        self.blocks = nn.ModuleList(Block(cfg, linear) for linear in kinds)
        self.final_layer = FinalLayer(d, cfg.latent_channels)

    def set_export_fusions(self, on, tokens=True):
        """The export graph forms, the same values as the plain forward (tests/test_official_export_forms.py):
        the RoPE of q and k as ONNX Runtime's RotaryEmbedding and each residual add with the LayerNorm after it
        as its SkipLayerNormalization (fused_ops), the softmax's 1/sqrt(d) folded into the q rows, the
        non-head-tiled softmax attention in tiles of QUERY_TILE query rows and, with `tokens`, the FFN's
        and the patch embedding's 1x1 convs as MatMuls on the tokens. The token form is what int8 needs (it
        quantises MatMuls); in fp32 ONNX Runtime's NCHWc 1x1 Conv is faster (FFN kernel time 5177 vs 6143 ms
        per 720p pass, docs/PERFORMANCE.md), so the fp32 variants keep the convs (tokens=False)."""
        self.embed_on_tokens = on and tokens
        for block in self.blocks:
            block.mlp.on_tokens = on and tokens
            block.fused_norms = block.attn.fused_rope = on
            if isinstance(block.attn, SoftmaxAttention):
                block.attn.query_tile = QUERY_TILE if on else 0

    def set_head_tiled(self, on):
        """The softmax blocks one head at a time (the mobile variant's graph); the same values."""
        for block in self.blocks:
            if isinstance(block.attn, SoftmaxAttention):
                block.attn.head_tiled = on

    def forward(self, x, timestep, cond_mask, flow_score):
        """x (B,C,T,H,W); timestep (B,) in [0,1000]; cond_mask (B, T*H*W) 1 on condition tokens;
        flow_score (B,). Returns the v prediction (B,C,T,H,W)."""
        n = x.shape[2] * x.shape[3] * x.shape[4]
        t = torch.minimum(timestep[:, None].expand(x.shape[0], n), (1.0 - cond_mask) * 1000) / 1000
        return self.denoise(x, t, flow_score)

    def denoise(self, x, t, flow_score):
        """The same with the per-token timestep `t` (B, T*H*W) already in [0, 1]."""
        b, _, frames, h, w = x.shape
        n = frames * h * w
        return self._run(x, self.t_embedder(t), flow_score[:, None].expand(b, n))

    def denoise_frames(self, x, t, flow_score):
        """The same with one timestep per latent frame, `t` (B, T) in [0, 1]: the timestep and flow
        embeddings and the adaLN modulation are computed once per frame (T rows, not T*H*W: at 720p
        2760 rows of Linear(1152 -> 6912) twice, about 90 GFLOP, and a (2760, 6912) modulation read
        by every block) and broadcast over each frame's tokens."""
        return self._run(x, self.t_embedder(t), flow_score[:, None])

    embed_on_tokens = False   # export form (set_export_fusions): the 1x1 patch embedding as a MatMul

    def _run(self, x, t_emb, flow):
        b, c, frames, h, w = x.shape
        d, n = self.cfg.hidden, frames * h * w
        proj = self.x_embedder.proj
        if self.embed_on_tokens:
            tokens = F.linear(x.permute(0, 2, 3, 4, 1).reshape(b, n, c), proj.weight.reshape(d, c), proj.bias)
        else:
            tokens = proj(x.transpose(1, 2).reshape(b * frames, c, h, w))
            tokens = tokens.reshape(b, frames, d, h * w).transpose(2, 3).reshape(b, n, d)
        mod = self.t_block(t_emb) + self.flow_block(self.flow_embedder(flow))
        skip = None
        for block in self.blocks:
            if block.fused_norms:
                tokens, skip = block(tokens, mod, frames, h, w, skip)
            else:
                tokens = block(tokens, mod, frames, h, w)
        out = self.final_layer(tokens, t_emb, skip)
        return out.reshape(b, frames, h, w, c).permute(0, 4, 1, 2, 3)


def first_frame_mask(batch, frames, h, w):
    """cond_mask forcing t=0 on every token of the first latent frame."""
    mask = torch.zeros(batch, frames, h * w)
    mask[:, 0] = 1.0
    return mask.reshape(batch, frames * h * w)


class _MetaFactories(TorchFunctionMode):
    """Puts every tensor a constructor makes on the meta device (torch 1.13 has no
    `with torch.device('meta')`), so the full tree is counted without allocating weights."""
    FACTORIES = {torch.empty, torch.zeros, torch.ones, torch.randn, torch.tensor, torch.arange}

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if func in self.FACTORIES:
            kwargs['device'] = 'meta'
        return func(*args, **kwargs)


def parameter_count(cfg: MobileditConfig = PUBLISHED):
    """Parameters of the tree for `cfg`, counted on the meta device."""
    with _MetaFactories():
        model = Mobiledit(cfg)
    assert all(p.is_meta for p in model.parameters())
    return sum(p.numel() for p in model.parameters())
