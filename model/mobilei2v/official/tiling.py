"""Spatial tiling of the `vae-chunk` decoder (docs/BUNDLE.md, decoder.tile): the decoder graph is exported at
a latent tile shape and called once per tile; overlapping tiles are blended linearly, as diffusers'
AutoencoderKLLTXVideo.tiled_decode does (its code read as documentation, not copied). The PyTorch twin of
the Java `TiledWindow`: the same starts, the same weights in the same order.

- Starts along an axis of n latent cells, tile t, overlap o: 0, s, 2s, … (stride s = t - o, diffusers'), the
  last one clamped to n - t so that every tile has the exported shape (it may then overlap its neighbour by
  more than o); one tile when t = n.
- Weights along an axis, in pixels (band b = o * spatial_ratio): a tile's raw weight at its pixel u is
  min(1, u / b) where it has a tile before it and min(1, (size - u) / b) where it has one after it, and 1
  elsewhere; each pixel's raw weights are then divided by their sum over the axis's tiles. Where two tiles
  overlap by exactly o this is diffusers' blend (the later tile's weight y / b at its row y); where the
  clamped last tile overlaps by more, the extra cells are averaged. A tile's 2-D weight is the product of
  its row and column weights (diffusers blends rows, then columns, sequentially; in the corners where four
  tiles meet it leaves the diagonal tile out, which the product does not).
"""
import torch

# the converter's default at 720p (latent 23 x 40): 2 x 3 tiles of 13 x 15 cells (starts 0, 10 and 0, 13, 25),
# each 21 % of the frame's cells, 1.27x the whole frame's decoder work; overlap 2 cells = diffusers' 64 pixels
DEFAULT_TILE, DEFAULT_OVERLAP = (13, 15), 2


def tile_starts(n, tile, overlap):
    """Latent starts of the tiles along an axis of n cells (see the module notes)."""
    if not 1 <= tile <= n:
        raise ValueError(f'a tile of {tile} latent cells does not fit an axis of {n}')
    if tile == n:
        return [0]
    if not 0 <= overlap < tile:
        raise ValueError(f'the tile overlap must be in [0, {tile}), not {overlap}')
    return list(range(0, n - tile, tile - overlap)) + [n - tile]


def axis_weights(n, tile, overlap, ratio):
    """[(pixel start, float64 weights [tile * ratio])…] per tile along the axis; they sum to 1 at every pixel."""
    starts = tile_starts(n, tile, overlap)
    size, band = tile * ratio, overlap * ratio
    u = torch.arange(size, dtype=torch.float64)
    raw = []
    for i in range(len(starts)):
        w = torch.ones(size, dtype=torch.float64)
        if band and i > 0:
            w = torch.minimum(w, u / band)
        if band and i < len(starts) - 1:
            w = torch.minimum(w, (size - u) / band)
        raw.append(w)
    total = torch.zeros(n * ratio, dtype=torch.float64)
    for s, w in zip(starts, raw):
        total[s * ratio:s * ratio + size] += w
    return [(s * ratio, w / total[s * ratio:s * ratio + size]) for s, w in zip(starts, raw)]


def tile_plan(h, w, tile_h, tile_w, overlap):
    """[(row start, column start)…] in latent cells, row-major: the decoder calls of one window."""
    return [(i, j) for i in tile_starts(h, tile_h, overlap) for j in tile_starts(w, tile_w, overlap)]


def tiled_decode(decode, latents, tile_h, tile_w, overlap, ratio, height, width):
    """What the Java pipeline does for one window: `decode` ([1, C, W, tile_h, tile_w] -> [1, 3, F, tile_h * ratio,
    tile_w * ratio]) once per tile, row-major; each tile's frames times its weights summed, in float32, into
    [1, 3, F, height, width] (the top-left of the decoded grid: 736 -> 720 rows)."""
    _, _, _, h, w = latents.shape
    rows = axis_weights(h, tile_h, overlap, ratio)
    cols = axis_weights(w, tile_w, overlap, ratio)
    out = None
    for (y0, wy) in rows:
        for (x0, wx) in cols:
            i, j = y0 // ratio, x0 // ratio
            tile = decode(latents[:, :, :, i:i + tile_h, j:j + tile_w])
            if out is None:
                out = torch.zeros(tile.shape[:3] + (height, width), dtype=torch.float32)
            ny, nx = min(tile.shape[3], height - y0), min(tile.shape[4], width - x0)   # > 0: the crop is < 1 cell
            weight = (wy[:ny, None] * wx[None, :nx]).float()
            out[:, :, :, y0:y0 + ny, x0:x0 + nx] += tile[:, :, :, :ny, :nx] * weight
    return out
