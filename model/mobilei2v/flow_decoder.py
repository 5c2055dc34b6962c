"""The source-conditioned decoder of MobileI2V-Nano 2: it moves the picture's own pixels.

The keyframe latents (autoencoder.py's encoder, unchanged, so the denoiser stays valid) say
how the scene moves; they are 16x compressed, so rebuilding pixels from them alone gives a
blur. This decoder instead gets the picture itself and, per output frame, predicts maps at a
low resolution (half the working size: 128x72 for 256x144):
  flow        (2)  backward flow to frame 0, in normalised output coordinates (x, y in [-1, 1],
                   grid_sample's align_corners=False convention), so it is resolution-free
  visibility  (1)  1 where frame 0 shows the point, 0 where the picture cannot supply it
                   (uncovered borders, parallax holes)
  gain        (3)  lighting gain on (x + 1), per channel
  synthesised (3)  a low-resolution image for what the picture cannot supply, in [-1, 1]
The frame at any output size is then
  visibility * ((warp(picture, flow) + 1) * gain - 1) + (1 - visibility) * synthesised
with the maps upsampled bilinearly (compose() here; the Java pipeline's FlowWarp does the
same at 1280x720). Frame 0 is the picture itself. Anchors: LFDM (flow + occlusion from a
low-resolution generator, warp at full size), Reducio-VAE (a decoder that gets the content
frame's multi-scale features).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .autoencoder import Res

MAP_CHANNELS = ['flow_x', 'flow_y', 'visibility', 'gain_r', 'gain_g', 'gain_b',
                'synth_r', 'synth_g', 'synth_b']


class PictureFeatures(nn.Module):
    """Picture at working size (B, 3, H, W) -> features at H/2, H/4, H/8, H/16."""

    def __init__(self, chans=(16, 32, 48, 64)):
        super().__init__()
        c1, c2, c3, c4 = chans
        self.s1 = nn.Conv2d(3, c1, 3, stride=2, padding=1)
        self.s2 = nn.Conv2d(c1, c2, 3, stride=2, padding=1)
        self.s3 = nn.Conv2d(c2, c3, 3, stride=2, padding=1)
        self.s4 = nn.Conv2d(c3, c4, 3, stride=2, padding=1)

    def forward(self, picture):
        f1 = F.silu(self.s1(picture))
        f2 = F.silu(self.s2(f1))
        f3 = F.silu(self.s3(f2))
        f4 = F.silu(self.s4(f3))
        return f2, f3, f4


CORR_DX, CORR_DY = 6, 4  # displacements searched, in latent cells (16 px each at 256x144)


def correlation(a, b, dx=CORR_DX, dy=CORR_DY):
    """Cosine similarity of each cell of a with the cells of b around it: (B, (2dy+1)(2dx+1), h, w).
    A cost volume, as optical-flow networks use: it makes "how far did the content move" a
    lookup instead of something the convolutions must learn to compute. The neighbourhoods are
    gathered by one convolution with one-hot kernels (one ONNX node, not one per offset)."""
    # each channel centred over the grid first: latents share a large common component that
    # would make every displacement look alike
    a = F.normalize(a - a.mean(dim=(2, 3), keepdim=True), dim=1)
    b = F.normalize(b - b.mean(dim=(2, 3), keepdim=True), dim=1)
    n, c, h, w = a.shape
    k = (2 * dy + 1) * (2 * dx + 1)
    onehot = torch.eye(k, dtype=a.dtype, device=a.device).view(k, 1, 2 * dy + 1, 2 * dx + 1)
    patches = F.conv2d(b.reshape(n * c, 1, h, w), onehot, padding=(dy, dx))         # (n*c, k, h, w)
    return (patches.view(n, c, k, h, w) * a.unsqueeze(2)).sum(1)


def camera_candidates(gh, gw, step=0.5, max_dx=6, max_dy=4,
                      zooms=(1.04, 1.08, 1.12, 1.17, 1.23, 1.3, 1.4, 1.5, 1.65, 1.8, 2.0, 2.2)):
    """affine_grid thetas (n, 2, 3): output point p of the current frame came from theta [p, 1] in
    frame 0. Translations in latent cells (half-cell steps), then zooms in and out about the centre."""
    out = []
    ny, nx = int(max_dy / step), int(max_dx / step)
    for iy in range(-ny, ny + 1):
        for ix in range(-nx, nx + 1):
            out.append([[1.0, 0.0, ix * step * 2 / gw], [0.0, 1.0, iy * step * 2 / gh]])
    for z in zooms:
        for s in (1 / z, z):
            out.append([[s, 0.0, 0.0], [0.0, s, 0.0]])
    return torch.tensor(out, dtype=torch.float32)


def candidate_taps(thetas, gh, gw):
    """Bilinear taps of every candidate warp on the gh x gw grid (grid_sample, align_corners=False,
    zero padding) as indices into the flattened Gram matrix [p * hw + q] and weights, the weights
    already multiplied by the candidate's validity at p (all four taps inside, as a warped ones
    channel > 0.99 would say); denom = cells valid + 1."""
    n, hw = len(thetas), gh * gw
    grid = F.affine_grid(thetas, (n, 1, gh, gw), align_corners=False).view(n, hw, 2)
    ix = ((grid[..., 0] + 1) * gw - 1) / 2
    iy = ((grid[..., 1] + 1) * gh - 1) / 2
    x0, y0 = ix.floor(), iy.floor()
    idx, wts = [], []
    for dy in (0, 1):
        for dx in (0, 1):
            xs, ys = x0 + dx, y0 + dy
            wx = (1 - (ix - x0)) if dx == 0 else (ix - x0)
            wy = (1 - (iy - y0)) if dy == 0 else (iy - y0)
            inb = (xs >= 0) & (xs <= gw - 1) & (ys >= 0) & (ys <= gh - 1)
            q = (ys.clamp(0, gh - 1) * gw + xs.clamp(0, gw - 1)).long()
            idx.append(torch.arange(hw).view(1, hw) * hw + q)
            wts.append(wx * wy * inb.float())
    idx, wts = torch.stack(idx, -1), torch.stack(wts, -1)                                # (n, hw, 4)
    valid = (wts.sum(-1) > 0.99).float()
    wts = wts * valid.unsqueeze(-1)
    return idx.view(n, -1), wts.view(n, -1), valid.sum(-1) + 1.0


class FlowDecoder(nn.Module):
    """(latent_first, latent_prev, latent_cur, phase, picture) -> maps (B, 9, H/2, W/2)."""

    def __init__(self, latent_channels=32, grid=(9, 16), chans=(128, 64, 32)):
        super().__init__()
        c4, c3, c2 = chans
        n_corr = (2 * CORR_DX + 1) * (2 * CORR_DY + 1)
        self.features = PictureFeatures()
        gh, gw = grid
        ys = (torch.arange(gh, dtype=torch.float32) + 0.5) / gh * 2 - 1
        xs = (torch.arange(gw, dtype=torch.float32) + 0.5) / gw * 2 - 1
        yy, xx = torch.meshgrid(ys, xs, indexing='ij')
        # where each latent cell is: zoom flow depends on the distance from the centre
        self.register_buffer('coords', torch.stack([xx, yy]).unsqueeze(0))
        # the camera search: every candidate camera motion (translations on a half-cell grid, zooms)
        # warps the first latent frame; all cells vote on how well it explains the current one, and
        # the softmax over the votes weights the candidates' affine flows (a soft argmax)
        thetas = camera_candidates(gh, gw)
        self.register_buffer('cand_theta', thetas.view(-1, 6))
        # derived from the candidates (not stored in checkpoints): where each candidate samples the
        # grid, in grid cells, and which cells it can vote with; the taps are computed from these in
        # the graph, so the bundle carries 0.5 MB of points instead of 3 MB of tap tables
        n = len(thetas)
        g = F.affine_grid(thetas, (n, 1, gh, gw), align_corners=False).view(n, gh * gw, 2)
        self.register_buffer('cand_ix', ((g[..., 0] + 1) * gw - 1) / 2, persistent=False)
        self.register_buffer('cand_iy', ((g[..., 1] + 1) * gh - 1) / 2, persistent=False)
        _, weight, denom = candidate_taps(thetas, gh, gw)
        self.register_buffer('cand_valid', (weight.view(n, gh * gw, 4).sum(-1) > 0).float(), persistent=False)
        self.register_buffer('cand_denom', denom, persistent=False)
        self.register_buffer('cell_base', (torch.arange(gh * gw) * gh * gw).view(1, gh * gw), persistent=False)
        self.grid_hw = (gh, gw)
        self.log_tau = nn.Parameter(torch.tensor(-4.0))
        self.register_buffer('latent_scale', torch.ones(()))
        # a logit offset on the visibility, set at export (0 while training): on the student's
        # latents the learned visibility is unsure inside the picture (a soft 0.5-0.8 that blends
        # the blurry synthesised image in as haze), while the truly uncovered borders are forced to
        # the synthesised image by compose()'s edge ramp whatever this map says
        self.register_buffer('visibility_prior', torch.zeros(()))
        self.latent_in = nn.Conv2d(3 * latent_channels + 1 + 2 + 64 + 2 * n_corr, c4, 1)
        self.trunk = nn.Sequential(Res(c4), Res(c4))
        self.up1 = nn.Conv2d(c4 + 48, c3, 3, padding=1)
        self.res1 = Res(c3)
        self.up2 = nn.Conv2d(c3 + 32, c2, 3, padding=1)
        self.res2 = Res(c2)
        # camera motion is global: an affine backward flow (q = (I + A) p + b) regressed from the
        # whole latent grid, plus a local residual (parallax layers, local motion) from the head
        self.global_in = nn.Conv2d(c4, 16, 1)
        # ... from the grid's features and the cost volumes averaged over the grid (where the
        # whole picture moved: a soft-argmax away)
        self.global_fc = nn.Sequential(nn.Linear(16 * gh * gw + 2 * n_corr, 128), nn.SiLU(), nn.Linear(128, 6))
        nn.init.zeros_(self.global_fc[2].weight)
        nn.init.zeros_(self.global_fc[2].bias)
        mh, mw = 4 * gh * 2, 4 * gw * 2
        ys = (torch.arange(mh, dtype=torch.float32) + 0.5) / mh * 2 - 1
        xs = (torch.arange(mw, dtype=torch.float32) + 0.5) / mw * 2 - 1
        yy, xx = torch.meshgrid(ys, xs, indexing='ij')
        self.register_buffer('map_coords', torch.stack([xx, yy, torch.ones_like(xx)]).view(1, 3, -1))
        self.head = nn.Conv2d(c2, len(MAP_CHANNELS) * 4, 3, padding=1)  # depth-to-space 2x
        nn.init.zeros_(self.head.weight)
        with torch.no_grad():
            b = torch.zeros(len(MAP_CHANNELS), 4)
            b[2] = 3.0  # start visible everywhere: the untrained decoder shows the picture
            self.head.bias.copy_(b.reshape(-1))

    def decode(self, feats, latent_first, latent_prev, latent_cur, phase):
        return self.decode_with_camera(feats, latent_first, latent_prev, latent_cur, phase)[0]

    def decode_with_camera(self, feats, latent_first, latent_prev, latent_cur, phase):
        """decode() and the global affine backward flow (B, 2, 3) it used: what training supervises
        against the clip's true camera motion."""
        f2, f3, f4 = feats
        b, _, h, w = latent_cur.shape
        s = self.latent_scale
        p = phase.reshape(-1, 1, 1, 1).expand(b, 1, h, w)
        corr = torch.cat([correlation(latent_prev, latent_first), correlation(latent_cur, latent_first)], 1)
        ph = phase.reshape(-1, 1, 1)
        taps = self.taps(phase.reshape(-1)[0] * 0)
        camera = ((1 - ph) * self.camera_affine(latent_prev, latent_first, taps)
                  + ph * self.camera_affine(latent_cur, latent_first, taps))            # (B, 2, 3)
        x = torch.cat([latent_first / s, latent_prev / s, latent_cur / s, p, self.coords.expand(b, -1, -1, -1), f4,
                       corr], 1)
        x = self.trunk(self.latent_in(x))
        g = torch.cat([F.silu(self.global_in(x)).flatten(1), 4 * corr.mean(dim=(2, 3))], 1)
        affine = camera + self.global_fc(g).view(b, 2, 3)
        x = F.interpolate(x, scale_factor=2.0, mode='nearest')
        x = self.res1(F.silu(self.up1(torch.cat([x, f3], 1))))
        x = F.interpolate(x, scale_factor=2.0, mode='nearest')
        x = self.res2(F.silu(self.up2(torch.cat([x, f2], 1))))
        m = F.pixel_shuffle(self.head(x), 2)
        mh, mw = m.shape[-2:]
        flow = torch.matmul(affine, self.map_coords).view(b, 2, mh, mw) + 0.25 * m[:, 0:2]
        vis = torch.sigmoid(m[:, 2:3] + self.visibility_prior)
        gain = 1 + 0.5 * torch.tanh(m[:, 3:6])
        synth = torch.tanh(m[:, 6:9])
        return torch.cat([flow, vis, gain, synth], 1), affine

    def camera_affine(self, cur, first, taps=None):
        """The affine backward flow (B, 2, 3) of the camera motion that best maps first onto cur.

        Each candidate's vote is sum_p valid(p) <cur(p), first warped by the candidate (p)>: with
        bilinear taps that is a fixed weighted sum over the Gram matrix G[p, q] = <cur(p), first(q)>,
        so one small matmul and one gather replace warping the latents once per candidate
        (candidate_taps() holds the taps; equal to grid_sample with zero padding)."""
        b, c, h, w = cur.shape
        cur = F.normalize(cur - cur.mean(dim=(2, 3), keepdim=True), dim=1).flatten(2)       # (B, C, hw)
        first = F.normalize(first - first.mean(dim=(2, 3), keepdim=True), dim=1).flatten(2)
        gram = torch.matmul(cur.transpose(1, 2), first).flatten(1)                           # (B, hw*hw)
        index, weight = taps if taps is not None else self.taps()
        votes = (gram[:, index] * weight).sum(-1) / self.cand_denom                           # (B, n)
        p = torch.softmax(votes / self.log_tau.exp(), dim=1)
        ident = torch.tensor([1.0, 0, 0, 0, 1.0, 0])
        return torch.matmul(p, self.cand_theta - ident).view(b, 2, 3)

    def taps(self, anchor=None):
        """candidate_taps() computed from the stored sampling points: (n, hw*4) indices, weights.
        anchor (a zero that depends on a graph input) keeps the ONNX exporter from folding the
        taps into 3 MB of constants; ONNX Runtime folds them in memory at session creation."""
        gh, gw = self.grid_hw
        ix, iy = self.cand_ix, self.cand_iy
        if anchor is not None:
            ix, iy = ix + anchor, iy + anchor
        n = ix.shape[0]
        # the four taps at once: offsets (0,0), (1,0), (0,1), (1,1) on a last axis
        ox = torch.tensor([0.0, 1.0, 0.0, 1.0])
        oy = torch.tensor([0.0, 0.0, 1.0, 1.0])
        x0, y0 = torch.floor(ix).unsqueeze(-1), torch.floor(iy).unsqueeze(-1)
        fx, fy = ix.unsqueeze(-1) - x0, iy.unsqueeze(-1) - y0
        xs, ys = x0 + ox, y0 + oy
        w = (ox * fx + (1 - ox) * (1 - fx)) * (oy * fy + (1 - oy) * (1 - fy))
        inb = ((xs >= 0) & (xs <= gw - 1) & (ys >= 0) & (ys <= gh - 1)).float()
        q = (ys.clamp(0, gh - 1) * gw + xs.clamp(0, gw - 1)).long()
        idx = self.cell_base.unsqueeze(-1) + q
        return idx.view(n, -1), (w * inb * self.cand_valid.unsqueeze(-1)).view(n, -1)

    def forward(self, latent_first, latent_prev, latent_cur, phase, picture):
        return self.decode(self.features(picture), latent_first, latent_prev, latent_cur, phase)


def pixel_grid(h, w, device=None):
    """Normalised coordinates (align_corners=False) of an h x w image: (1, h, w, 2) as (x, y)."""
    ys = (torch.arange(h, dtype=torch.float32, device=device) + 0.5) / h * 2 - 1
    xs = (torch.arange(w, dtype=torch.float32, device=device) + 0.5) / w * 2 - 1
    yy, xx = torch.meshgrid(ys, xs, indexing='ij')
    return torch.stack([xx, yy], -1).unsqueeze(0)


def inside(grid, w, h):
    """(B, H, W, 2) sampling points -> (B, 1, H, W): 1 inside the picture (its edge included), 0 two pixels beyond it,
    a 2-pixel ramp between (continuous, so Java and PyTorch agree to rounding). Nothing outside the
    picture can be visible, whatever the visibility map says: the synthesised image shows there."""
    rx = ((1 - grid[..., 0].abs()) * (w / 4.0) + 1.0).clamp(0, 1)
    ry = ((1 - grid[..., 1].abs()) * (h / 4.0) + 1.0).clamp(0, 1)
    return (rx * ry).unsqueeze(1)


def compose(picture, maps, clamp=True):
    """picture (B, 3, H, W) in [-1, 1] at the OUTPUT size, maps (B, 9, h, w) -> frame (B, 3, H, W)."""
    _, _, oh, ow = picture.shape
    m = F.interpolate(maps, size=(oh, ow), mode='bilinear', align_corners=False)
    flow, vis, gain, synth = m[:, 0:2], m[:, 2:3], m[:, 3:6], m[:, 6:9]
    grid = pixel_grid(oh, ow, picture.device) + flow.permute(0, 2, 3, 1)
    warped = F.grid_sample(picture, grid, mode='bilinear', padding_mode='border', align_corners=False)
    vis = vis * inside(grid, ow, oh)
    out = vis * ((warped + 1) * gain - 1) + (1 - vis) * synth
    return out.clamp(-1, 1) if clamp else out
