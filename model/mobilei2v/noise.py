"""The seeded Gaussian noise shared by Java (desktop and phone) and Python.

SplitMix64 -> 53-bit uniforms -> Box-Muller (cos then sin), float64 math stored as
float32, C order. Specified in docs/BUNDLE.md; the Java twin is SeededNoise.
"""
import numpy as np

MASK = (1 << 64) - 1


def splitmix64(seed, count):
    state = seed & MASK
    out = np.empty(count, dtype=np.uint64)
    for i in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out[i] = z ^ (z >> 31)
    return out


def seeded_noise(seed, shape):
    n = int(np.prod(shape))
    pairs = (n + 1) // 2
    r = splitmix64(seed, 2 * pairs)
    u = (r >> np.uint64(11)).astype(np.float64) * (2.0 ** -53)
    u1, u2 = u[0::2], u[1::2]
    rad = np.sqrt(-2.0 * np.log(1.0 - u1))
    z = np.empty(2 * pairs, dtype=np.float64)
    z[0::2] = rad * np.cos(2 * np.pi * u2)
    z[1::2] = rad * np.sin(2 * np.pi * u2)
    return z[:n].astype(np.float32).reshape(shape)
