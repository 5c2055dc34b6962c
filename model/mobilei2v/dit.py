"""The MobileI2V denoiser: a hybrid linear/softmax-attention DiT (SANA-style blocks).

One definition, two configurations (see config.py): `full` is the published 0.27B
denoiser, `nano` the small member trained here. Everything the ONNX exporter must see is
written with plain ops (no scaled_dot_product_attention in torch 1.13, affine norms only).

Conventions
- latents: (B, C, F, H, W); tokens are flattened in (F, H, W) order, patch size 1.
- timestep: (B, F) = sigma * 1000 per latent frame. Frame 0 is the clean image latent,
  so its timestep is 0. Conditioning (adaLN shift/scale/gate) is computed per latent
  frame - once per distinct sigma, not per token - and broadcast over that frame's tokens.
- output: velocity v = noise - x0 (rectified flow). Internally the network predicts x0
  as a residual on the first-frame latent (x0_k = z0 + net_k), and converts it to the
  velocity the sampler expects, v = (x_t - x0) / sigma. With Euler steps this is stable:
  x_next = x_t + (s_next - s) * v interpolates between x_t and x0.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def sinusoidal(t, dim=256, max_period=10000.0):
    """[cos, sin] embedding of a scalar per row, as in DiT/PixArt (t: (...,))."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
    args = t.float().unsqueeze(-1) * freqs
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class ScalarEmbedder(nn.Module):
    """Sinusoidal features of a scalar (timestep or motion score) -> MLP -> hidden."""

    def __init__(self, hidden, freq_dim=256, scale=1.0):
        super().__init__()
        self.freq_dim = freq_dim
        self.scale = scale
        self.mlp = nn.Sequential(nn.Linear(freq_dim, hidden), nn.SiLU(), nn.Linear(hidden, hidden))

    def forward(self, t):
        return self.mlp(sinusoidal(t * self.scale, self.freq_dim))


def rope_tables(frames, height, width, head_dim, pos_scale, base=10000.0):
    """cos/sin tables (N, head_dim) for 3D RoPE: head dims split in three equal parts over
    (t, y, x); positions divided by pos_scale so the latent grid maps to ~16x16."""
    part = head_dim // 3
    assert part % 2 == 0, "each RoPE axis needs an even number of dims"
    t = torch.arange(frames, dtype=torch.float32) / pos_scale[0]
    y = torch.arange(height, dtype=torch.float32) / pos_scale[1]
    x = torch.arange(width, dtype=torch.float32) / pos_scale[2]
    gt, gy, gx = torch.meshgrid(t, y, x, indexing='ij')
    inv = base ** (-torch.arange(0, part, 2, dtype=torch.float32) / part)  # (part/2,)
    angles = []
    for g in (gt, gy, gx):
        a = g.reshape(-1, 1) * inv  # (N, part/2)
        angles.append(a.repeat_interleave(2, dim=1))  # pairs (2i, 2i+1) share a frequency
    ang = torch.cat(angles, dim=1)  # (N, head_dim)
    return torch.cos(ang), torch.sin(ang)


def apply_rope(x, cos, sin):
    """Rotate interleaved pairs: (x0, x1) -> (x0 c - x1 s, x1 c + x0 s). x: (B, heads, N, d)."""
    b, h, n, d = x.shape
    xp = x.reshape(b, h, n, d // 2, 2)
    rot = torch.stack([-xp[..., 1], xp[..., 0]], dim=-1).reshape(b, h, n, d)
    return x * cos + rot * sin


class LinearAttention(nn.Module):
    """ReLU-kernel linear attention, O(N): K^T V is formed first (d x d per head).
    RMSNorm on q and k, no qkv bias. RoPE rotates q, k in the numerator only; the
    normaliser uses the un-rotated (non-negative) features so it stays positive."""

    def __init__(self, dim, heads, eps=1e-8):
        super().__init__()
        self.heads = heads
        self.eps = eps
        self.qkv = nn.Linear(dim, dim * 3, bias=False)
        self.q_norm = RMSNorm(dim)
        self.k_norm = RMSNorm(dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, cos, sin):
        b, n, c = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q, k = self.q_norm(q), self.k_norm(k)
        h, d = self.heads, c // self.heads
        q = F.relu(q.reshape(b, n, h, d).transpose(1, 2))
        k = F.relu(k.reshape(b, n, h, d).transpose(1, 2))
        v = v.reshape(b, n, h, d).transpose(1, 2)
        qr, kr = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        kv = torch.matmul(kr.transpose(-1, -2), v)                   # (b, h, d, d)
        num = torch.matmul(qr, kv)                                    # (b, h, n, d)
        den = torch.matmul(q, k.sum(dim=2, keepdim=True).transpose(-1, -2))  # (b, h, n, 1)
        out = num / (den + self.eps)
        return self.proj(out.transpose(1, 2).reshape(b, n, c))


QUERY_TILE = 460   # a sixth of the 720p token count; ORT profile: softmax-attention kernels 1165 -> 803 ms


class SoftmaxAttention(nn.Module):
    """Standard multi-head attention with qkv bias, no qk-norm, scale d^-0.5, 3D RoPE.
    head_tiled=True computes heads one after another (the paper's mobile optimisation:
    bounds the N x N score memory to one head at a time)."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)
        self.head_tiled = False
        self.query_tile = 0   # export layout (Denoiser.set_export_fusions): rows of queries per softmax

    def _attend(self, q, k, v):
        """softmax(q k^T) v for one group of heads; with query_tile the rows go in tiles (each row's
        softmax is its own, so tiling is exact) and the score tensor is never whole."""
        if not self.query_tile or q.shape[-2] <= self.query_tile:
            return self._attend_tile(q, k, v)
        return torch.cat([self._attend_tile(t, k, v) for t in q.split(self.query_tile, dim=-2)], dim=-2)

    def _attend_tile(self, q, k, v):
        return torch.matmul(torch.softmax(torch.matmul(q, k.transpose(-1, -2)), dim=-1), v)

    def forward(self, x, cos, sin):
        b, n, c = x.shape
        h, d = self.heads, c // self.heads
        q, k, v = self.qkv(x).reshape(b, n, 3, h, d).permute(2, 0, 3, 1, 4)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        scale = d ** -0.5
        if not self.head_tiled:
            out = self._attend(q * scale, k, v)
        else:
            # one head at a time already bounds the scores to N x N (30 MB at 720p); query tiles on top
            # of that measured no faster, so the head-tiled form keeps whole heads
            out = torch.stack([self._attend_tile(q[:, i] * scale, k[:, i], v[:, i]) for i in range(h)], dim=1)
        return self.proj(out.transpose(1, 2).reshape(b, n, c))


class MixFFN(nn.Module):
    """Gated 1x1 conv dim -> 2*hidden, 3x3 depthwise conv per frame, SiLU gate,
    1x1 conv hidden -> dim (SANA's GLUMBConv). The two 1x1 convolutions are written as
    Linear layers on the token layout: the same arithmetic, but they export as MatMul,
    which dynamic int8 quantisation (MatMulInteger) covers; only the depthwise conv needs
    the per-frame image layout."""

    def __init__(self, dim, hidden):
        super().__init__()
        self.inverted = nn.Linear(dim, hidden * 2, bias=True)
        self.depthwise = nn.Conv2d(hidden * 2, hidden * 2, 3, padding=1, groups=hidden * 2, bias=True)
        self.point = nn.Linear(hidden, dim, bias=False)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # checkpoints written when the 1x1s were Conv2d: (out, in, 1, 1) -> (out, in)
        for k in (prefix + 'inverted.weight', prefix + 'point.weight'):
            if k in state_dict and state_dict[k].dim() == 4:
                state_dict[k] = state_dict[k].flatten(1)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    split_gate = False   # export layout (Denoiser.set_export_fusions): value and gate as two paths

    def forward(self, x, grid):
        if self.split_gate:
            return self._forward_split(x, grid)
        f, hh, ww = grid
        b, n, c = x.shape
        y = F.silu(self.inverted(x))                                   # (b, n, 2h) tokens
        c2 = y.shape[-1]
        y = y.reshape(b * f, hh, ww, c2).permute(0, 3, 1, 2)           # per frame image layout
        y = self.depthwise(y).permute(0, 2, 3, 1).reshape(b, n, c2)
        y, gate = y.split(c2 // 2, dim=-1)   # static sizes: ONNX shape inference follows a Split, not a chunk's Slices
        return self.point(y * F.silu(gate))

    def _depthwise_half(self, x, half, grid):
        """expand + SiLU + depthwise conv of one half (0 value, 1 gate) of the 2h channels: every op
        is per channel after the expansion, so the halves are independent."""
        f, hh, ww = grid
        b, n, _ = x.shape
        h = self.point.in_features
        rows = slice(half * h, (half + 1) * h)
        y = F.silu(F.linear(x, self.inverted.weight[rows], self.inverted.bias[rows]))
        y = y.reshape(b * f, hh, ww, h).permute(0, 3, 1, 2)
        y = F.conv2d(y, self.depthwise.weight[rows], self.depthwise.bias[rows], padding=1, groups=h)
        return y.permute(0, 2, 3, 1).reshape(b, n, h)

    def _forward_split(self, x, grid):
        """The same arithmetic without the Split of the 2h-wide activation (one 64 MB copy per block at
        720p): the expansion is two GEMMs of h columns, the halves meet only in the gate product."""
        return self.point(self._depthwise_half(x, 0, grid) * F.silu(self._depthwise_half(x, 1, grid)))


class Block(nn.Module):
    def __init__(self, dim, heads, ffn_hidden, kind):
        super().__init__()
        self.kind = kind
        self.norm1 = nn.LayerNorm(dim, elementwise_affine=True, eps=1e-6)
        self.attn = LinearAttention(dim, heads) if kind == 'linear' else SoftmaxAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, elementwise_affine=True, eps=1e-6)
        self.ffn = MixFFN(dim, ffn_hidden)
        # PixArt/SANA: a per-block table added to the shared conditioning projection
        self.scale_shift_table = nn.Parameter(torch.randn(6, dim) / dim ** 0.5)

    def forward(self, x, cond6, cos, sin, grid):
        # cond6: (B, F, 6, dim) per latent frame -> broadcast to that frame's tokens
        b, n, c = x.shape
        f = grid[0]
        mod = (cond6 + self.scale_shift_table).unsqueeze(2)  # (B, F, 1, 6, dim)
        shift1, scale1, gate1, shift2, scale2, gate2 = [mod[:, :, :, i] for i in range(6)]

        def modulate(t, shift, scale):
            t = t.reshape(b, f, n // f, c)
            return (t * (1 + scale) + shift).reshape(b, n, c)

        def gated(t, gate):
            return (t.reshape(b, f, n // f, c) * gate).reshape(b, n, c)

        x = x + gated(self.attn(modulate(self.norm1(x), shift1, scale1), cos, sin), gate1)
        x = x + gated(self.ffn(modulate(self.norm2(x), shift2, scale2), grid), gate2)
        return x


class Denoiser(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        dim = cfg['hidden']
        self.patch_embed = nn.Conv3d(cfg['latent_channels'], dim, 1, bias=True)
        self.t_embedder = ScalarEmbedder(dim)
        # motion score: its own sinusoidal embedder; scaled so 0.5..4 spans useful frequencies
        self.motion_embedder = ScalarEmbedder(dim, scale=100.0)
        self.camera_embedder = nn.Embedding(len(cfg['camera_classes']), dim) if cfg.get('camera_classes') else None
        self.t_block = nn.Sequential(nn.SiLU(), nn.Linear(dim, 6 * dim))
        self.blocks = nn.ModuleList(Block(dim, cfg['heads'], cfg['ffn_hidden'], k) for k in cfg['block_kinds'])
        self.final_norm = nn.LayerNorm(dim, elementwise_affine=True, eps=1e-6)
        self.final_table = nn.Parameter(torch.randn(2, dim) / dim ** 0.5)
        self.final_linear = nn.Linear(dim, cfg['latent_channels'])
        f, h, w = cfg['latent_grid']
        cos, sin = rope_tables(f, h, w, dim // cfg['heads'], cfg['rope_scale'])
        self.register_buffer('rope_cos', cos, persistent=False)
        self.register_buffer('rope_sin', sin, persistent=False)
        nn.init.zeros_(self.final_linear.weight)
        nn.init.zeros_(self.final_linear.bias)

    def set_export_fusions(self, on):
        """Graph forms for ONNX Runtime, numerically the same model (model/tests/test_model.py):
        the FFN's value and gate halves as two paths (no Split of the 2h-wide activation), and softmax
        attention over tiles of QUERY_TILE query rows (a 16 x 460 x 2760 score tile instead of the
        488 MB 16 x 2760 x 2760 tensor at 720p)."""
        for blk in self.blocks:
            blk.ffn.split_gate = on
            if isinstance(blk.attn, SoftmaxAttention):
                blk.attn.query_tile = QUERY_TILE if on else 0

    def set_head_tiled(self, on):
        for blk in self.blocks:
            if isinstance(blk.attn, SoftmaxAttention):
                blk.attn.head_tiled = on

    def conditioning(self, timestep, motion_score, camera):
        """(B, F) timesteps -> (B, F, dim) embedding incl. motion score and camera class."""
        emb = self.t_embedder(timestep)                                 # (B, F, dim)
        extra = self.motion_embedder(motion_score)                      # (B, dim)
        if self.camera_embedder is not None:
            extra = extra + self.camera_embedder(camera)
        return emb + extra.unsqueeze(1)

    def predict_x0(self, latents, timestep, motion_score, camera):
        b, c, f, h, w = latents.shape
        x = self.patch_embed(latents).flatten(2).transpose(1, 2)          # (B, N, dim)
        cond = self.conditioning(timestep, motion_score, camera)          # (B, F, dim)
        cond6 = self.t_block(cond).reshape(b, f, 6, -1)
        grid = (f, h, w)
        for blk in self.blocks:
            x = blk(x, cond6, self.rope_cos, self.rope_sin, grid)
        shift, scale = (self.final_table.unsqueeze(0).unsqueeze(0) + cond.unsqueeze(2)).unbind(2)
        y = self.final_norm(x).reshape(b, f, h * w, -1)
        y = y * (1 + scale.unsqueeze(2)) + shift.unsqueeze(2)
        y = self.final_linear(y)                                          # (B, F, HW, C)
        residual = y.permute(0, 3, 1, 2).reshape(b, c, f, h, w)
        z0 = latents[:, :, :1]
        return z0 + residual

    def forward(self, latents, timestep, motion_score, camera):
        """Velocity v = (x_t - x0_hat) / sigma; exactly 0 on clean frames (sigma = 0)."""
        x0 = self.predict_x0(latents, timestep, motion_score, camera)
        sigma = (timestep / 1000.0).reshape(timestep.shape[0], 1, -1, 1, 1)
        v = (latents - x0) / torch.clamp(sigma, min=1e-4)
        return v * (sigma > 0).float()


def count_parameters(m):
    return sum(p.numel() for p in m.parameters())
