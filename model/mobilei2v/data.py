"""Procedural camera-motion clips from still photos (Debian wallpapers + skimage images).

A clip is 17 frames at 256x144 (17 fps). The camera moves as one of CAMERA_CLASSES with a
magnitude set by the motion score (config.py: pixels per frame, zoom per frame), in what
the viewer sees:
  pan-left  = camera turns left,  content slides RIGHT    pan-right = content slides LEFT
  tilt-up   = camera tilts up,    content slides DOWN     tilt-down = content slides UP
  zoom-in   = content grows from the centre               zoom-out  = content shrinks
Beyond a crop window: an optional foreground layer (procedural shape filled with another
photo or a procedural texture) moves with parallax (1.3-1.8x the background motion), and
the lighting drifts (per-channel gain ramp). Procedural backgrounds (gratings, blobs) are
mixed in to widen the data beyond ~150 photos.
"""
import json
import math
import os
import random

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .config import CAMERA_CLASSES, PIXELS_PER_FRAME_PER_SCORE, ZOOM_PER_FRAME_PER_SCORE, MOTION_RANGE

W, H, FRAMES = 256, 144, 17
SRC_SHORT = 288  # sources kept at 2x the output height: bilinear sampling stays alias-free


def load_images(image_dir, split):
    with open(os.path.join(image_dir, 'split.json')) as f:
        names = json.load(f)[split]
    out = []
    for n in names:
        im = Image.open(os.path.join(image_dir, n)).convert('RGB')
        w, h = im.size
        s = SRC_SHORT / min(w, h)
        im = im.resize((max(1, round(w * s)), max(1, round(h * s))), Image.BILINEAR)
        out.append(torch.from_numpy(np.asarray(im).copy()).permute(2, 0, 1).contiguous())  # uint8
    return names, out


def procedural_texture(rng, h=SRC_SHORT, w=SRC_SHORT * 16 // 9):
    """Random gratings + soft colour blobs + hard-edged shapes: plenty of structure to track."""
    yy, xx = torch.meshgrid(torch.linspace(0, 1, h), torch.linspace(0, 1, w), indexing='ij')
    img = torch.zeros(3, h, w)
    for _ in range(rng.randint(2, 5)):
        fx, fy = rng.uniform(-25, 25), rng.uniform(-25, 25)
        ph = rng.uniform(0, 6.28)
        col = torch.tensor([rng.uniform(-1, 1) for _ in range(3)]).view(3, 1, 1)
        img += 0.35 * col * torch.sin(fx * xx * 6.28 / 4 + fy * yy * 6.28 / 4 + ph)
    for _ in range(rng.randint(3, 12)):
        cx, cy, r = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.03, 0.2)
        col = torch.tensor([rng.uniform(-1, 1) for _ in range(3)]).view(3, 1, 1)
        d = ((xx - cx) ** 2 * (w / h) ** 2 + (yy - cy) ** 2).sqrt()
        if rng.random() < 0.5:
            m = (d < r).float()
        else:
            m = torch.exp(-(d / r) ** 2)
        img = img * (1 - m) + col * m
    return ((img.clamp(-1, 1) + 1) * 127.5).to(torch.uint8)


def _window_thetas(src_h, src_w, cx, cy, a, dx, dy, zoom, frames=FRAMES, out_w=W, out_h=H):
    """affine_grid thetas (frames, 2, 3) for a camera window centred (cx, cy) in source
    pixels with half-width a; per frame the window centre moves by (dx, dy) source px and
    its size is divided by zoom**t."""
    th = []
    for t in range(frames):
        at = a / (zoom ** t)
        ct_x, ct_y = cx + dx * t, cy + dy * t
        sx = at / (src_w / 2)
        sy = at * out_h / out_w / (src_h / 2)
        tx = ct_x / (src_w / 2) - 1
        ty = ct_y / (src_h / 2) - 1
        th.append([[sx, 0, tx], [0, sy, ty]])
    return torch.tensor(th, dtype=torch.float32)


def motion_params(camera, score):
    """Per-frame content motion in OUTPUT pixels (content_dx, content_dy) and zoom factor."""
    px = PIXELS_PER_FRAME_PER_SCORE * score
    z = 1.0 + ZOOM_PER_FRAME_PER_SCORE * score
    return {
        'still': (0.0, 0.0, 1.0),
        'pan-left': (px, 0.0, 1.0),    # content slides right
        'pan-right': (-px, 0.0, 1.0),  # content slides left
        'tilt-up': (0.0, px, 1.0),     # content slides down
        'tilt-down': (0.0, -px, 1.0),  # content slides up
        'zoom-in': (0.0, 0.0, z),      # content grows
        'zoom-out': (0.0, 0.0, 1.0 / z),
    }[camera]


def _pixel_grid(h=H, w=W):
    """Normalised output coordinates (align_corners=False) of every pixel: (h, w, 2) as (x, y)."""
    ys = (torch.arange(h, dtype=torch.float32) + 0.5) / h * 2 - 1
    xs = (torch.arange(w, dtype=torch.float32) + 0.5) / w * 2 - 1
    yy, xx = torch.meshgrid(ys, xs, indexing='ij')
    return torch.stack([xx, yy], -1)


def _local_motion(rng, frames=FRAMES):
    """A smooth random displacement field (water, foliage, cloth), in normalised source-window
    units, growing with time: (frames, H, W, 2); frame 0 is zero."""
    amp = rng.uniform(0.01, 0.035)
    coarse = torch.tensor([[rng.gauss(0, 1) for _ in range(2 * 4 * 6)]], dtype=torch.float32).view(1, 2, 4, 6)
    field = F.interpolate(coarse, size=(H, W), mode='bicubic', align_corners=False)[0].permute(1, 2, 0) * amp
    wob = rng.uniform(0.15, 0.5)  # a slow oscillation on top of the drift
    ts = [math.sin(wob * t) / math.sin(wob * (frames - 1)) if abs(math.sin(wob * (frames - 1))) > 0.3
          else t / (frames - 1) for t in range(frames)]
    return torch.stack([field * ts[t] for t in range(frames)])


def render_clip(src, camera, score, rng, fg_src=None, parallax=True, lighting=True, truth=False,
                local_motion_p=0.0):
    """src: uint8 (3, h, w). Returns float (3, 17, 144, 256) in [-1, 1]; with truth=True also what
    the decoder is supervised with: {'flow': (17, 2, H, W) backward flow to frame 0 in normalised
    output coordinates, 'visibility': (17, 1, H, W) 1 where frame 0 shows that point,
    'gain': (17, 3) the lighting gain on (x + 1), 'camera': (17, 2, 3) the camera's affine backward flow}."""
    src_f = src.float() / 127.5 - 1
    sh, sw = src_f.shape[1:]
    cdx, cdy, zoom = motion_params(camera, score)
    # camera window: half-width a (source px); content moving right = window moving left
    a_max = sw / 2
    a_min = min(W / 2, sw / 2)
    a = rng.uniform(a_min, max(a_min, 0.9 * a_max))
    total_zoom_out = max(1.0, (1 / zoom) ** (FRAMES - 1))  # window grows by this much
    scale = (2 * a) / W  # source px per output px at t=0
    wdx, wdy = -cdx * scale, -cdy * scale
    # fit the whole trajectory inside the source
    for _ in range(20):
        half_w_max = a * total_zoom_out
        half_h_max = half_w_max * H / W
        span_x = abs(wdx) * (FRAMES - 1)
        span_y = abs(wdy) * (FRAMES - 1)
        if 2 * half_w_max + span_x <= sw and 2 * half_h_max + span_y <= sh:
            break
        a *= 0.9
        scale = (2 * a) / W
        wdx, wdy = -cdx * scale, -cdy * scale
    half_w_max = a * total_zoom_out
    half_h_max = half_w_max * H / W
    lo_x = half_w_max + max(0.0, -wdx * (FRAMES - 1))
    hi_x = sw - half_w_max - max(0.0, wdx * (FRAMES - 1))
    lo_y = half_h_max + max(0.0, -wdy * (FRAMES - 1))
    hi_y = sh - half_h_max - max(0.0, wdy * (FRAMES - 1))
    cx = rng.uniform(lo_x, hi_x) if hi_x > lo_x else sw / 2
    cy = rng.uniform(lo_y, hi_y) if hi_y > lo_y else sh / 2
    theta = _window_thetas(sh, sw, cx, cy, a, wdx, wdy, zoom)
    grid = F.affine_grid(theta, (FRAMES, 3, H, W), align_corners=False)
    local = None
    if local_motion_p > 0 and rng.random() < local_motion_p:
        local = _local_motion(rng)
        # displacement in window units -> source units (the window is theta's scale wide)
        grid = grid + local * theta[:, [0, 1], [0, 1]].view(FRAMES, 1, 1, 2)
    pix = _pixel_grid()
    # backward flow of the background: frame t's pixel p shows source point s = A_t p + b_t (+ local);
    # frame 0 showed that point at q = (s - b_0) / A_0
    a0 = theta[0, [0, 1], [0, 1]]
    b0 = theta[0, :, 2]
    q_bg = (grid - b0) / a0                                                       # (17,H,W,2)
    inside = ((q_bg.abs() <= 1).all(-1)).float().unsqueeze(1)                   # (17,1,H,W)
    flow = (q_bg - pix).permute(0, 3, 1, 2)
    vis = inside
    gain = torch.ones(FRAMES, 3)
    frames = F.grid_sample(src_f.unsqueeze(0).expand(FRAMES, -1, -1, -1), grid,
                           mode='bilinear', padding_mode='border', align_corners=False)  # (17,3,H,W)

    if parallax and fg_src is not None and rng.random() < 0.5:
        p = rng.uniform(1.3, 1.8)
        # foreground canvas in output coordinates (slightly larger), shape mask with soft edge
        fh, fw = H, W
        fg = fg_src.float() / 127.5 - 1
        fg = F.interpolate(fg.unsqueeze(0), size=(fh, fw), mode='bilinear', align_corners=False)[0]
        yy, xx = torch.meshgrid(torch.linspace(-1, 1, fh), torch.linspace(-1, 1, fw), indexing='ij')
        ox, oy = rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5)
        rx, ry = rng.uniform(0.15, 0.4), rng.uniform(0.2, 0.5)
        if rng.random() < 0.5:
            d = (((xx - ox) / rx) ** 2 + ((yy - oy) / ry) ** 2).sqrt()
        else:
            d = torch.maximum(((xx - ox) / rx).abs(), ((yy - oy) / ry).abs())
        alpha = torch.sigmoid((1 - d) * 12)
        layer = torch.cat([fg, alpha.unsqueeze(0)], 0).unsqueeze(0)
        # the foreground's own "camera": displacement p times the background's, zoom p times
        th = []
        for t in range(FRAMES):
            zt = zoom ** (t * p)
            # content of the layer moves by p * (cdx, cdy) output px per frame
            th.append([[1 / zt, 0, -(p * cdx * t) / (W / 2)], [0, 1 / zt, -(p * cdy * t) / (H / 2)]])
        g2 = F.affine_grid(torch.tensor(th, dtype=torch.float32), (FRAMES, 4, H, W), align_corners=False)
        lay = F.grid_sample(layer.expand(FRAMES, -1, -1, -1), g2, mode='bilinear',
                            padding_mode='zeros', align_corners=False)
        al = lay[:, 3:4]
        frames = frames * (1 - al) + lay[:, :3] * al
        # the layer's pixel p at frame t is the layer point g2_t(p), which frame 0 shows at g2_0 = p
        fg_flow = (g2 - pix).permute(0, 3, 1, 2)
        alpha0_at_bg = F.grid_sample(alpha.view(1, 1, fh, fw).expand(FRAMES, -1, -1, -1), q_bg, mode='bilinear',
                                     padding_mode='zeros', align_corners=False)
        flow = al * fg_flow + (1 - al) * flow
        vis = al + (1 - al) * inside * (1 - alpha0_at_bg)

    if lighting and rng.random() < 0.5:
        gain = torch.tensor([rng.uniform(-0.12, 0.12) for _ in range(3)])
        gain = gain + rng.uniform(-0.1, 0.1)
        ramp = torch.linspace(0, 1, FRAMES).view(FRAMES, 1, 1, 1) * gain.view(1, 3, 1, 1)
        frames = ((frames + 1) * (1 + ramp) - 1).clamp(-1, 1)
        gain = 1 + ramp.view(FRAMES, 3)
    video = frames.permute(1, 0, 2, 3).contiguous()
    if truth:
        # the camera alone as the decoder's affine backward flow: q - p = C_t [p, 1] with
        # C_t = [[a_t / a_0 - 1, 0, (b_t - b_0) / a_0], ...] (no parallax layer, no local motion)
        a_t, b_t = theta[:, [0, 1], [0, 1]], theta[:, :, 2]
        camera = torch.zeros(FRAMES, 2, 3)
        camera[:, 0, 0] = a_t[:, 0] / a0[0] - 1
        camera[:, 1, 1] = a_t[:, 1] / a0[1] - 1
        camera[:, :, 2] = (b_t - b0) / a0
        return video, {'flow': flow.contiguous(), 'visibility': vis.contiguous(), 'gain': gain, 'camera': camera}
    return video


class ClipSampler:
    """Draws random training clips: (video (B,3,17,H,W), camera idx (B,), score (B,))."""

    def __init__(self, images, seed=0, procedural_p=0.2, zoom_weight=1.0, local_motion_p=0.0):
        self.images = images
        self.local_motion_p = local_motion_p
        self.rng = random.Random(seed)
        self.procedural_p = procedural_p
        # relative frequency of zoom-in/zoom-out clips against each other camera class:
        # zoom is the hardest motion at 16x spatial compression, so later stretches of
        # training draw it more often
        self.camera_weights = [zoom_weight if c.startswith('zoom') else 1.0 for c in CAMERA_CLASSES]

    def camera(self):
        return self.rng.choices(range(len(CAMERA_CLASSES)), weights=self.camera_weights)[0]

    def source(self):
        if self.rng.random() < self.procedural_p:
            return procedural_texture(self.rng)
        src = self.images[self.rng.randrange(len(self.images))]
        if self.rng.random() < 0.5:
            src = src.flip(-1)
        return src

    def batch(self, n, cameras=None, truth=False):
        """With truth=True a fourth item: the stacked ground truth of render_clip (B, ...)."""
        vids, cams, scores, truths = [], [], [], []
        for i in range(n):
            c = cameras[i] if cameras is not None else self.camera()
            s = self.rng.uniform(*MOTION_RANGE)
            fg = self.source()
            fg = fg[:, :min(fg.shape[1], 200), :min(fg.shape[2], 360)]
            clip = render_clip(self.source(), CAMERA_CLASSES[c], s, self.rng, fg_src=fg, truth=truth,
                               local_motion_p=self.local_motion_p)
            if truth:
                clip, t = clip
                truths.append(t)
            vids.append(clip)
            cams.append(c)
            scores.append(s)
        out = (torch.stack(vids), torch.tensor(cams, dtype=torch.long), torch.tensor(scores, dtype=torch.float32))
        if truth:
            out += ({k: torch.stack([t[k] for t in truths]) for k in truths[0]},)
        return out
