"""MobileI2V-Nano video autoencoder: causal, 17 frames -> 3 latent frames, 16x spatial.

Temporal compression is done by keyframes: latent frame k is the encoding of video frame
8k (k = 0, 1, 2), so the image latent IS latent frame 0 and the encoder is causal by
construction. The decoder is a streaming, causal interpolator: frame f is decoded from
(latent_prev, latent_cur, phase), where latent_cur is the first keyframe at or after f
and phase in (0, 1] is how far f lies between the two keyframes (frame 0: z0, z0, 0).
It never sees a later latent frame, so frames stream out as soon as sampling is done,
one decoder call per frame (what the Java pipeline does).

This is the mobile-decoder idea of the paper (a small decoder in place of the large one)
at a size 2 CPU cores can train; it is not the LTX-Video VAE.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Res(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c1 = nn.Conv2d(c, c, 3, padding=1)
        self.c2 = nn.Conv2d(c, c, 3, padding=1)
        nn.init.zeros_(self.c2.weight)
        nn.init.zeros_(self.c2.bias)

    def forward(self, x):
        return x + self.c2(F.silu(self.c1(F.silu(x))))


class Encoder(nn.Module):
    """RGB image in [-1, 1] (B, 3, H, W) -> latent (B, C, H/16, W/16), scaled to ~unit std."""

    def __init__(self, cfg):
        super().__init__()
        c1, c2, c3, c4 = cfg['enc_channels']
        self.net = nn.Sequential(
            nn.Conv2d(3, c1, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(c1, c2, 3, stride=2, padding=1), Res(c2),
            nn.Conv2d(c2, c3, 3, stride=2, padding=1), Res(c3),
            nn.Conv2d(c3, c4, 3, stride=2, padding=1), Res(c4), Res(c4), nn.SiLU(),
            nn.Conv2d(c4, cfg['latent_channels'], 1),
        )
        # set after training so latents have about unit variance (diffusion needs it)
        self.register_buffer('latent_scale', torch.ones(()))

    def forward(self, image):
        return self.net(image) * self.latent_scale


class Decoder(nn.Module):
    """(latent_prev, latent_cur, phase) -> one RGB frame in [-1, 1]."""

    def __init__(self, cfg):
        super().__init__()
        c4, c3, c2, c1 = cfg['dec_channels']
        lc = cfg['latent_channels']
        self.latent_in = nn.Conv2d(2 * lc + 1, c4, 1)
        self.latent_stage = nn.Sequential(Res(c4), Res(c4), Res(c4))
        self.up1 = nn.Conv2d(c4, c3, 3, padding=1)
        self.res1 = Res(c3)
        self.up2 = nn.Conv2d(c3, c2, 3, padding=1)
        self.up3 = nn.Conv2d(c2, c1, 3, padding=1)
        self.to_rgb = nn.Conv2d(c1, 3 * 4, 3, padding=1)  # depth-to-space 2x: the last 2x is free
        self.register_buffer('latent_scale', torch.ones(()))

    def forward(self, latent_prev, latent_cur, phase):
        b, _, h, w = latent_cur.shape
        p = phase.reshape(-1, 1, 1, 1).expand(b, 1, h, w)
        x = torch.cat([latent_prev / self.latent_scale, latent_cur / self.latent_scale, p], dim=1)
        x = self.latent_stage(self.latent_in(x))
        x = self.res1(F.silu(self.up1(F.interpolate(x, scale_factor=2.0, mode='nearest'))))
        x = F.silu(self.up2(F.interpolate(x, scale_factor=2.0, mode='nearest')))
        x = F.silu(self.up3(F.interpolate(x, scale_factor=2.0, mode='nearest')))
        return F.pixel_shuffle(self.to_rgb(x), 2)


def frame_plan(frames=17, ratio=8):
    """For each output frame f: (k_prev, k_cur, phase) per docs/BUNDLE.md."""
    plan = [(0, 0, 0.0)]
    for f in range(1, frames):
        k = (f - 1) // ratio + 1
        j = (f - 1) % ratio
        plan.append((k - 1, k, (j + 1) / ratio))
    return plan


class VideoAutoencoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)

    def encode_video(self, video):
        """video (B, 3, 17, H, W) -> latents (B, C, 3, h, w) from keyframes 0, 8, 16."""
        r = self.cfg['temporal_ratio']
        keys = video[:, :, ::r]                                  # (B, 3, 3, H, W)
        b, c, k, h, w = keys.shape
        z = self.encoder(keys.permute(0, 2, 1, 3, 4).reshape(b * k, c, h, w))
        return z.reshape(b, k, *z.shape[1:]).permute(0, 2, 1, 3, 4)

    def decode_frames(self, latents, frame_ids):
        """latents (B, C, K, h, w); frame_ids list -> (B, 3, len, H, W)."""
        plan = frame_plan(1 + self.cfg['temporal_ratio'] * (latents.shape[2] - 1), self.cfg['temporal_ratio'])
        outs = []
        for f in frame_ids:
            kp, kc, ph = plan[f]
            phase = torch.full((latents.shape[0],), ph)
            outs.append(self.decoder(latents[:, :, kp], latents[:, :, kc], phase))
        return torch.stack(outs, dim=2)
