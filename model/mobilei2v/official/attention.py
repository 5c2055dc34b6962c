"""The published denoiser's attention (hustvl/MobileI2V's LiteLA-style ReLU linear attention and its softmax
attention) with the 3-D RoPE both use, and the export forms of both (Mobiledit.set_export_fusions): RoPE as ONNX
Runtime's RotaryEmbedding (fused_ops), softmax attention in query tiles. Written from the published architecture
facts; no code copied."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .fused_ops import rope_permutation, rope_tables, rotary

QUERY_TILE = 460   # a sixth of the 720p token count, as dit.py's export (docs/PERFORMANCE.md, issue 14)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x, weight=None):
        """`weight` replaces the learned weight (the export form passes it permuted with the channels)."""
        y = x.float() * torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + self.eps)
        return y.to(x.dtype) * (self.weight if weight is None else weight)


ROPE_SCALE_THW = (1.0, 1.4375, 2.5)   # position divisors per axis (t, h, w), both attention kinds


def _rotate_axis(x, positions, scale):
    """Rotary embedding of one axis' share of the head dim: halves rotated, frequencies 10000^(-2i/D)."""
    dim = x.shape[-1]
    inv = 1.0 / (10000.0 ** (torch.arange(0, dim, 2, dtype=torch.float32, device=x.device) / dim))
    ang = (positions.float() / scale)[:, None] * inv[None]
    ang = torch.cat([ang, ang], dim=-1)
    first, second = x[..., :dim // 2], x[..., dim // 2:]
    return x * ang.cos().to(x.dtype) + torch.cat([-second, first], dim=-1) * ang.sin().to(x.dtype)


_TABLES = {}


def _fused_rope_inputs(grid, heads, head_dim, device):
    """(channel order, cos, sin) of the fused RoPE (fused_ops), one set per grid so every block of a trace
    shares one pair of tables."""
    key = (tuple(int(g) for g in grid), int(heads), int(head_dim), str(device))   # sizes are tensors in a trace
    if key not in _TABLES:
        cos, sin = rope_tables(key[0], head_dim, ROPE_SCALE_THW)
        _TABLES[key] = (rope_permutation(heads, head_dim, device), cos.to(device), sin.to(device))
    return _TABLES[key]


def rope3d(x, grid):
    """x (B, heads, N, head_dim) over tokens ordered (t, h, w) on `grid` = (T, H, W); the head dim is
    split in three equal parts for t, h and w."""
    t, h, w = grid
    tt, hh, ww = torch.meshgrid(torch.arange(t), torch.arange(h), torch.arange(w), indexing='ij')
    parts = x.split(x.shape[-1] // 3, dim=-1)
    return torch.cat([_rotate_axis(part, pos.reshape(-1).to(x.device), scale)
                      for part, pos, scale in zip(parts, (tt, hh, ww), ROPE_SCALE_THW)], dim=-1)


class ReluLinearAttention(nn.Module):
    """ReLU-kernel linear attention; qkv without bias, RMS qk-norm over the full width."""

    def __init__(self, dim, head_dim):
        super().__init__()
        self.heads = dim // head_dim
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.q_norm = RMSNorm(dim, 1e-5)
        self.k_norm = RMSNorm(dim, 1e-5)
        self.proj = nn.Linear(dim, dim)

    fused_rope = False   # export form (Mobiledit.set_export_fusions): RoPE as ONNX Runtime's RotaryEmbedding

    def forward(self, x, grid):
        b, n, c = x.shape
        if self.fused_rope:
            return self._forward_fused(x, grid)
        q, k, v = self.qkv(x).split(c, dim=-1)   # static sizes: ONNX shape inference follows a Split, not chunk's Slices
        q, k = self.q_norm(q), self.k_norm(k)
        q, k, v = (t.reshape(b, n, self.heads, -1).transpose(1, 2).float() for t in (q, k, v))
        q, k = F.relu(rope3d(q, grid)), F.relu(rope3d(k, grid))
        kv = k.transpose(-1, -2) @ v                       # b h d d
        num = q @ kv
        den = q @ k.sum(dim=2, keepdim=True).transpose(-1, -2)
        out = (num / (den + 1e-8)).to(x.dtype)
        return self.proj(out.transpose(1, 2).reshape(b, n, c))

    def _forward_fused(self, x, grid):
        """The same values with q and k in fused_ops' channel order (folded into the qkv rows and the qk-norm
        weights) and their RoPE as one RotaryEmbedding node each."""
        b, n, c = x.shape
        order, cos, sin = _fused_rope_inputs(grid, self.heads, c // self.heads, x.device)
        w = self.qkv.weight
        q, k, v = F.linear(x, torch.cat([w[:c][order], w[c:2 * c][order], w[2 * c:]])).split(c, dim=-1)
        q, k = self.q_norm(q, self.q_norm.weight[order]), self.k_norm(k, self.k_norm.weight[order])
        q, k = F.relu(rotary(q, cos, sin, self.heads)), F.relu(rotary(k, cos, sin, self.heads))
        q, k, v = (t.reshape(b, n, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        num = q @ (k.transpose(-1, -2) @ v)
        den = q @ k.sum(dim=2, keepdim=True).transpose(-1, -2)
        return self.proj((num / (den + 1e-8)).transpose(1, 2).reshape(b, n, c))


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
        self.fused_rope = False   # export form: RoPE as RotaryEmbedding, the 1/sqrt(d) folded into the q rows

    def forward(self, x, grid):
        b, n, c = x.shape
        if self.fused_rope:
            q, k, v = self._fused_qkv(x, grid)
        else:
            q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
            q, k = rope3d(q, grid), rope3d(k, grid)
            q = q / math.sqrt(q.shape[-1])
        if self.head_tiled:
            # one head at a time already bounds the scores to N x N; query tiles on top of that measured
            # no faster in dit.py's tree (docs/PERFORMANCE.md), so this form keeps whole heads
            out = torch.stack([_attend(q[:, i], k[:, i], v[:, i]) for i in range(self.heads)], dim=1)
        elif self.query_tile and n > self.query_tile:
            # each query row's softmax is its own, so tiles of rows are exact; the score tensor is never whole.
            # The sizes as a list: torch 1.13 exports an int split size after a RotaryEmbedding node (whose
            # output it cannot size) as equal tiles, the last one too long
            full, rest = divmod(int(n), self.query_tile)
            tiles = [self.query_tile] * full + ([rest] if rest else [])
            out = torch.cat([_attend(t, k, v) for t in q.split(tiles, dim=-2)], dim=-2)
        else:
            out = _attend(q, k, v)
        return self.proj(out.transpose(1, 2).reshape(b, n, c))

    def _fused_qkv(self, x, grid):
        """q (already over sqrt(d)), k and v as (B, heads, N, d), q and k in fused_ops' channel order."""
        b, n, c = x.shape
        d = c // self.heads
        order, cos, sin = _fused_rope_inputs(grid, self.heads, d, x.device)
        w, bias, scale = self.qkv.weight, self.qkv.bias, 1.0 / math.sqrt(d)
        w = torch.cat([w[:c][order] * scale, w[c:2 * c][order], w[2 * c:]])
        bias = torch.cat([bias[:c][order] * scale, bias[c:2 * c][order], bias[2 * c:]])
        q, k, v = F.linear(x, w, bias).split(c, dim=-1)
        q, k = rotary(q, cos, sin, self.heads), rotary(k, cos, sin, self.heads)
        return (t.reshape(b, n, self.heads, d).transpose(1, 2) for t in (q, k, v))


def _attend(q, k, v):
    return torch.softmax(q @ k.transpose(-1, -2), dim=-1) @ v
