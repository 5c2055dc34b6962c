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
    lookup instead of something the convolutions must learn to compute."""
    a = F.normalize(a, dim=1)
    b = F.pad(F.normalize(b, dim=1), (dx, dx, dy, dy))
    h, w = a.shape[-2:]
    out = []
    for oy in range(2 * dy + 1):
        for ox in range(2 * dx + 1):
            out.append((a * b[:, :, oy:oy + h, ox:ox + w]).sum(1, keepdim=True))
    return torch.cat(out, 1)


class FlowDecoder(nn.Module):
    """(latent_first, latent_prev, latent_cur, phase, picture) -> maps (B, 9, H/2, W/2)."""

    def __init__(self, latent_channels=32, grid=(9, 16), chans=(128, 64, 32)):
        super().__init__()
        c4, c3, c2 = chans
        self.features = PictureFeatures()
        gh, gw = grid
        ys = (torch.arange(gh, dtype=torch.float32) + 0.5) / gh * 2 - 1
        xs = (torch.arange(gw, dtype=torch.float32) + 0.5) / gw * 2 - 1
        yy, xx = torch.meshgrid(ys, xs, indexing='ij')
        # where each latent cell is: zoom flow depends on the distance from the centre
        self.register_buffer('coords', torch.stack([xx, yy]).unsqueeze(0))
        self.register_buffer('latent_scale', torch.ones(()))
        n_corr = (2 * CORR_DX + 1) * (2 * CORR_DY + 1)
        self.latent_in = nn.Conv2d(3 * latent_channels + 1 + 2 + 64 + 2 * n_corr, c4, 1)
        self.trunk = nn.Sequential(Res(c4), Res(c4))
        self.up1 = nn.Conv2d(c4 + 48, c3, 3, padding=1)
        self.res1 = Res(c3)
        self.up2 = nn.Conv2d(c3 + 32, c2, 3, padding=1)
        self.res2 = Res(c2)
        # camera motion is global: an affine backward flow (q = (I + A) p + b) regressed from the
        # whole latent grid, plus a local residual (parallax layers, local motion) from the head
        self.global_in = nn.Conv2d(c4, 16, 1)
        self.global_fc = nn.Sequential(nn.Linear(16 * gh * gw, 128), nn.SiLU(), nn.Linear(128, 6))
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
        f2, f3, f4 = feats
        b, _, h, w = latent_cur.shape
        s = self.latent_scale
        p = phase.reshape(-1, 1, 1, 1).expand(b, 1, h, w)
        x = torch.cat([latent_first / s, latent_prev / s, latent_cur / s, p, self.coords.expand(b, -1, -1, -1), f4,
                       correlation(latent_prev, latent_first), correlation(latent_cur, latent_first)], 1)
        x = self.trunk(self.latent_in(x))
        affine = self.global_fc(F.silu(self.global_in(x)).flatten(1)).view(b, 2, 3)
        x = F.interpolate(x, scale_factor=2.0, mode='nearest')
        x = self.res1(F.silu(self.up1(torch.cat([x, f3], 1))))
        x = F.interpolate(x, scale_factor=2.0, mode='nearest')
        x = self.res2(F.silu(self.up2(torch.cat([x, f2], 1))))
        m = F.pixel_shuffle(self.head(x), 2)
        mh, mw = m.shape[-2:]
        flow = torch.matmul(affine, self.map_coords).view(b, 2, mh, mw) + 0.25 * m[:, 0:2]
        vis = torch.sigmoid(m[:, 2:3])
        gain = 1 + 0.5 * torch.tanh(m[:, 3:6])
        synth = torch.tanh(m[:, 6:9])
        return torch.cat([flow, vis, gain, synth], 1)

    def forward(self, latent_first, latent_prev, latent_cur, phase, picture):
        return self.decode(self.features(picture), latent_first, latent_prev, latent_cur, phase)


def pixel_grid(h, w, device=None):
    """Normalised coordinates (align_corners=False) of an h x w image: (1, h, w, 2) as (x, y)."""
    ys = (torch.arange(h, dtype=torch.float32, device=device) + 0.5) / h * 2 - 1
    xs = (torch.arange(w, dtype=torch.float32, device=device) + 0.5) / w * 2 - 1
    yy, xx = torch.meshgrid(ys, xs, indexing='ij')
    return torch.stack([xx, yy], -1).unsqueeze(0)


def compose(picture, maps, clamp=True):
    """picture (B, 3, H, W) in [-1, 1] at the OUTPUT size, maps (B, 9, h, w) -> frame (B, 3, H, W)."""
    _, _, oh, ow = picture.shape
    m = F.interpolate(maps, size=(oh, ow), mode='bilinear', align_corners=False)
    flow, vis, gain, synth = m[:, 0:2], m[:, 2:3], m[:, 3:6], m[:, 6:9]
    grid = pixel_grid(oh, ow, picture.device) + flow.permute(0, 2, 3, 1)
    warped = F.grid_sample(picture, grid, mode='bilinear', padding_mode='border', align_corners=False)
    out = vis * ((warped + 1) * gain - 1) + (1 - vis) * synth
    return out.clamp(-1, 1) if clamp else out
