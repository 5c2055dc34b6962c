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
QUERY_TILE = 460   # a sixth of the 720p token count, as dit.py's export (docs/PERFORMANCE.md, issue 14)
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


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        y = x.float() * torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + self.eps)
        return y.to(x.dtype) * self.weight


ROPE_SCALE_THW = (1.0, 1.4375, 2.5)   # position divisors per axis (t, h, w), both attention kinds


def _rotate_axis(x, positions, scale):
    """Rotary embedding of one axis' share of the head dim: halves rotated, frequencies 10000^(-2i/D)."""
    dim = x.shape[-1]
    inv = 1.0 / (10000.0 ** (torch.arange(0, dim, 2, dtype=torch.float32, device=x.device) / dim))
    ang = (positions.float() / scale)[:, None] * inv[None]
    ang = torch.cat([ang, ang], dim=-1)
    first, second = x[..., :dim // 2], x[..., dim // 2:]
    return x * ang.cos().to(x.dtype) + torch.cat([-second, first], dim=-1) * ang.sin().to(x.dtype)


def rope3d(x, grid):
    """x (B, heads, N, head_dim) over tokens ordered (t, h, w) on `grid` = (T, H, W); the head dim is
    split in three equal parts for t, h and w."""
    t, h, w = grid
    tt, hh, ww = torch.meshgrid(torch.arange(t), torch.arange(h), torch.arange(w), indexing='ij')
    parts = x.split(x.shape[-1] // 3, dim=-1)
    return torch.cat([_rotate_axis(part, pos.reshape(-1).to(x.device), scale)
                      for part, pos, scale in zip(parts, (tt, hh, ww), ROPE_SCALE_THW)], dim=-1)


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


class ReluLinearAttention(nn.Module):
    """ReLU-kernel linear attention; qkv without bias, RMS qk-norm over the full width."""

    def __init__(self, dim, head_dim):
        super().__init__()
        self.heads = dim // head_dim
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.q_norm = RMSNorm(dim, 1e-5)
        self.k_norm = RMSNorm(dim, 1e-5)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, grid):
        b, n, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=-1)   # static sizes: ONNX shape inference follows a Split, not chunk's Slices
        q, k = self.q_norm(q), self.k_norm(k)
        q, k, v = (t.reshape(b, n, self.heads, -1).transpose(1, 2).float() for t in (q, k, v))
        q, k = F.relu(rope3d(q, grid)), F.relu(rope3d(k, grid))
        kv = k.transpose(-1, -2) @ v                       # b h d d
        num = q @ kv
        den = q @ k.sum(dim=2, keepdim=True).transpose(-1, -2)
        out = (num / (den + 1e-8)).to(x.dtype)
        return self.proj(out.transpose(1, 2).reshape(b, n, c))


class SoftmaxAttention(nn.Module):
    """Softmax attention, qkv with bias, no qk-norm (the published code does not pass it).
    `head_tiled` computes the heads one after another (the mobile variant: the scores are one head's
    N x N at a time)."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.head_tiled = False
        self.query_tile = 0   # export form (Mobiledit.set_export_fusions): query rows per softmax tile

    def forward(self, x, grid):
        b, n, c = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        q, k = rope3d(q, grid), rope3d(k, grid)
        q = q / math.sqrt(q.shape[-1])
        if self.head_tiled:
            # one head at a time already bounds the scores to N x N; query tiles on top of that measured
            # no faster in dit.py's tree (docs/PERFORMANCE.md), so this form keeps whole heads
            out = torch.stack([_attend(q[:, i], k[:, i], v[:, i]) for i in range(self.heads)], dim=1)
        elif self.query_tile and n > self.query_tile:
            # each query row's softmax is its own, so tiles of rows are exact; the score tensor is never whole
            out = torch.cat([_attend(t, k, v) for t in q.split(self.query_tile, dim=-2)], dim=-2)
        else:
            out = _attend(q, k, v)
        return self.proj(out.transpose(1, 2).reshape(b, n, c))


def _attend(q, k, v):
    return torch.softmax(q @ k.transpose(-1, -2), dim=-1) @ v


class Block(nn.Module):
    def __init__(self, cfg, linear):
        super().__init__()
        d = cfg.hidden
        self.norm1 = NonAffineLayerNorm(d)
        self.attn = ReluLinearAttention(d, cfg.linear_head_dim) if linear else SoftmaxAttention(d, cfg.heads)
        self.norm2 = NonAffineLayerNorm(d)
        self.mlp = GatedConvFFN(d, int(d * cfg.ffn_ratio))
        self.scale_shift_table = nn.Parameter(torch.randn(6, d) / d ** 0.5)

    def forward(self, x, mod, frames, h, w):
        """`mod` is (B, N, 6C) per token or (B, frames, 6C) per latent frame (then broadcast over
        that frame's h*w tokens: the same values when a frame's tokens share their timestep)."""
        b, n, c = x.shape
        per_frame = mod.shape[1] != n
        groups = frames if per_frame else n
        parts = (self.scale_shift_table[None] + mod.reshape(b, groups, 6, c)).unbind(2)
        if per_frame:
            parts = [p[:, :, None] for p in parts]

        def grouped(t):        # (B, N, C) -> (B, frames, h*w, C) when the modulation is per frame
            return t.reshape(b, frames, h * w, c) if per_frame else t

        shift1, scale1, gate1, shift2, scale2, gate2 = parts
        a = self.attn((grouped(self.norm1(x)) * (1 + scale1) + shift1).reshape(b, n, c), (frames, h, w))
        x = x + (gate1 * grouped(a)).reshape(b, n, c)
        y = grouped(self.norm2(x)) * (1 + scale2) + shift2
        y = self.mlp(y.reshape(b * frames, h * w, c), h, w).reshape(b, n, c)
        return x + (gate2 * grouped(y)).reshape(b, n, c)


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

    def forward(self, x, t):
        """`t` (B, N, C) per token or (B, frames, C) per latent frame (frames dividing N)."""
        b, n, c = x.shape
        shift, scale = (self.scale_shift_table[None, None] + t[:, :, None]).unbind(2)
        y = self.norm_final(x)
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
        """The export graph forms, the same values as the plain forward (tests/test_official_mobiledit.py):
        the non-head-tiled softmax attention in tiles of QUERY_TILE query rows and, with `tokens`, the FFN's
        and the patch embedding's 1x1 convs as MatMuls on the tokens. The token form is what int8 needs (it
        quantises MatMuls); in fp32 ONNX Runtime's NCHWc 1x1 Conv is faster (FFN kernel time 5177 vs 6143 ms
        per 720p pass, docs/PERFORMANCE.md), so the fp32 variants keep the convs (tokens=False)."""
        self.embed_on_tokens = on and tokens
        for block in self.blocks:
            block.mlp.on_tokens = on and tokens
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
        for block in self.blocks:
            tokens = block(tokens, mod, frames, h, w)
        out = self.final_layer(tokens, t_emb)
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
