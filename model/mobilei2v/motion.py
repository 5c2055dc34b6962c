"""Global camera-motion estimate between two frames, for evaluation.

Nearest-motion search: frame 0 is warped by every candidate motion of every class (pan and
tilt by 0-100 px, zoom by factors up to 2.2x) and compared with the last frame over the
pixels the warp covers; the class of the best candidate is the estimate. Conventions are
those of data.py (what the viewer sees): pan-left = content slides right, etc.
"""
import torch
import torch.nn.functional as F

SHIFTS = [6, 10, 16, 24, 32, 40, 48, 56, 64, 80, 100]
ZOOMS = [1.06, 1.12, 1.2, 1.3, 1.45, 1.65, 1.9, 2.2]


def candidates():
    out = [('still', 0.0, 0.0, 1.0)]
    for d in SHIFTS:
        out += [('pan-left', d, 0.0, 1.0), ('pan-right', -d, 0.0, 1.0)]
        if d <= 64:  # a 144-px-high frame: larger vertical shifts leave too little overlap
            out += [('tilt-up', 0.0, d, 1.0), ('tilt-down', 0.0, -d, 1.0)]
    for z in ZOOMS:
        out += [('zoom-in', 0.0, 0.0, z), ('zoom-out', 0.0, 0.0, 1 / z)]
    return out


def estimate(f0, f1):
    """f0, f1: (3, H, W) in [-1, 1]. Returns (class, dx, dy, zoom, errors-by-class)."""
    _, h, w = f0.shape
    cands = candidates()
    th = []
    for _, dx, dy, z in cands:
        # output pixel p shows content from f0 at (p - shift) / z about the centre
        th.append([[1 / z, 0, -dx / (w / 2) / z], [0, 1 / z, -dy / (h / 2) / z]])
    th = torch.tensor(th, dtype=torch.float32)
    n = len(cands)
    grid = F.affine_grid(th, (n, 4, h, w), align_corners=False)
    src = torch.cat([f0, torch.ones(1, h, w)], 0).unsqueeze(0).expand(n, -1, -1, -1)
    warped = F.grid_sample(src, grid, mode='bilinear', padding_mode='zeros', align_corners=False)
    mask = (warped[:, 3:4] > 0.999).float()
    err = ((warped[:, :3] - f1.unsqueeze(0)) ** 2 * mask).sum(dim=(1, 2, 3)) / (3 * mask.sum(dim=(1, 2, 3)) + 1e-6)
    cover = mask.mean(dim=(1, 2, 3))
    err = torch.where(cover > 0.3, err, torch.full_like(err, 1e9))
    best = int(torch.argmin(err))
    by_class = {}
    for (c, *_), e in zip(cands, err.tolist()):
        by_class[c] = min(by_class.get(c, 1e9), e)
    c, dx, dy, z = cands[best]
    return c, dx, dy, z, by_class
