"""Two export forms of the published denoiser as ONNX Runtime's own fused kernels (com.microsoft contrib ops),
each a torch function that computes the same arithmetic in PyTorch and exports as one node:

- `rotary`: the 3-D RoPE of the q and k tokens as one RotaryEmbedding node. The published RoPE splits each
  72-wide head in three 24-wide axis parts (t, h, w) and rotates the halves of each part; RotaryEmbedding
  rotates the halves of the whole head. A fixed channel order within each head (`rope_permutation`: the first
  halves of the three parts, then their second halves) makes the two the same rotation. q and k are permuted
  alike, so every q.k product, the linear attention's k^T v and the RMS qk-norm (over the full width, its
  weight permuted with it) are unchanged; the permutation is folded into the qkv weights at export.
- `skip_layer_norm`: the residual add and the next non-affine LayerNorm as one SkipLayerNormalization node
  whose fourth output is the sum (ONNX Runtime's own fusion leaves an Add whose sum has a second consumer).

Measured in docs/PERFORMANCE.md ("contrib ops"). ONNX Runtime's CPU, CUDA and Android builds all have both."""
import torch

DOMAIN = 'com.microsoft'


def rope_permutation(heads, head_dim, device=None):
    """Channel order (over heads * head_dim) that puts each head's three axis parts' first halves before their
    second halves: new channel i of a head is old channel part(i) * P + (i mod P/2) (+ P/2 in the second half)."""
    part = head_dim // 3
    assert part * 3 == head_dim and part % 2 == 0, f'head dim {head_dim}: three even axis parts needed'
    half = part // 2
    within = [p * part + j for p in range(3) for j in range(half)]
    within += [c + half for c in within]
    return torch.tensor([h * head_dim + c for h in range(heads) for c in within], dtype=torch.long, device=device)


def rope_tables(grid, head_dim, scales):
    """cos and sin (T*H*W, head_dim / 2) in rope_permutation's order: column p * P/2 + j holds axis p's angle
    position_p / scale_p * 10000^(-2j / P), as mobiledit._rotate_axis computes it (P = head_dim / 3)."""
    t, h, w = grid
    part = head_dim // 3
    tt, hh, ww = torch.meshgrid(torch.arange(t), torch.arange(h), torch.arange(w), indexing='ij')
    inv = 1.0 / (10000.0 ** (torch.arange(0, part, 2, dtype=torch.float32) / part))
    angles = torch.cat([(pos.reshape(-1).float() / scale)[:, None] * inv[None]
                        for pos, scale in zip((tt, hh, ww), scales)], dim=-1)
    return angles.cos(), angles.sin()


def _sizes(x):
    return tuple(int(s) for s in x.shape)   # sizes are tensors in a trace


class _Rotary(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, cos, sin, heads):
        b, n, c = x.shape
        x = x.reshape(b, n, heads, c // heads)
        first, second = x.chunk(2, dim=-1)
        cos, sin = cos[None, :n, None], sin[None, :n, None]
        return torch.cat([first * cos - second * sin, second * cos + first * sin], dim=-1).reshape(b, n, c)

    @staticmethod
    def symbolic(g, x, cos, sin, heads):
        offset = g.op('Constant', value_t=torch.tensor([0], dtype=torch.int64))   # positions 0 .. n-1
        return g.op(f'{DOMAIN}::RotaryEmbedding', x, offset, cos, sin, num_heads_i=heads, interleaved_i=0)


def rotary(x, cos, sin, heads):
    """RoPE of tokens x (B, N, heads * D) whose heads are in rope_permutation's order, with rope_tables."""
    return _Rotary.apply(x, cos, sin, heads)


class _SkipLayerNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, skip, eps, shape):
        total = x + skip
        return torch.nn.functional.layer_norm(total, total.shape[-1:], eps=eps), total

    @staticmethod
    def symbolic(g, x, skip, eps, shape):
        # the width from `shape`: torch 1.13 hands the symbolic untyped values after a contrib node
        gamma = g.op('Constant', value_t=torch.ones(shape[-1]))
        normed, _, _, total = g.op(f'{DOMAIN}::SkipLayerNormalization', x, skip, gamma, epsilon_f=eps, outputs=4)
        return normed, total


def skip_layer_norm(x, skip, eps):
    """(LayerNorm(x + skip) without affine weights, x + skip); x and skip (B, N, C)."""
    return _SkipLayerNorm.apply(x, skip, eps, _sizes(x))
