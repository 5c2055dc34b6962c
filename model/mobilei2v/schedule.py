"""Rectified-flow sigma schedules (x_t = (1 - s) x0 + s noise; v = noise - x0)."""
import numpy as np


def teacher_sigmas(steps, shift=3.0, t_min=None):
    """Shifted Euler schedule over linspace(1, t_min, steps), then 0.
    t_min defaults to 1/steps (so 20 steps end near 0.05 before the final jump to 0)."""
    if t_min is None:
        t_min = 1.0 / steps
    t = np.linspace(1.0, t_min, steps)
    s = shift * t / (1 + (shift - 1) * t)
    return [float(x) for x in s] + [0.0]


DISTILLED = {
    'distilled-1': [1.0, 0.0],
    'distilled-2': [1.0, 0.5, 0.0],
}


def euler_sample(denoiser, x, z0, sigmas, motion, camera):
    """The Java sampler's loop in PyTorch (frame 0 rewritten after every step)."""
    import torch
    b, _, f = x.shape[:3]
    x = x.clone()
    x[:, :, :1] = z0
    for s, s_next in zip(sigmas[:-1], sigmas[1:]):
        t = torch.full((b, f), s * 1000.0)
        t[:, 0] = 0.0
        v = denoiser(x, t, motion, camera)
        x = x + (s_next - s) * v
        x[:, :, :1] = z0
    return x
