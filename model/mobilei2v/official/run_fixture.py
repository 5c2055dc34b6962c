"""A converted bundle's whole-run fixture (docs/BUNDLE.md "Fixtures", `runs`): PyTorch doing what the Java pipeline
does for one request, from the encoder's input tensor to 8-bit frames: the seeded noise (mobilei2v/noise.py), the
condition frame from the encoder, the bundle's default schedule through the plain published forward (one call per
step: its guidance is same-call), and the vae-chunk decoder's windows (whole frames or blended tiles), so the Java
test checks the pipeline's composition of the graphs, not only each graph."""
import numpy as np
import torch

from ..bundle_io import save_bin
from ..noise import seeded_noise
from ..schedule import euler_sample
from .convert import BundleDenoiser
from .tiling import tiled_decode
from .vae_bundle import ChunkDecoderGraph, stream_decode

SEED, MOTION = 7, 2.0
FRAME_IDS = (0, 1, 8, 9, 16)   # the condition frame, the first one after it, the ends of the two 8-frame groups


def run_case(model, vae, image, z0, grid, size, window, tile, schedule, fx, variant):
    """The `runs` entry for `image` (the encoder's input, [1, 3, H, W] in [-1, 1]) whose latent is `z0`;
    its tensors written to `fx`. `tile`: the manifest's decoder.tile or None; `schedule`: a manifest schedule."""
    frames, h, w = grid
    height, width = size
    r = vae.cfg.spatial_ratio
    noise = torch.from_numpy(seeded_noise(SEED, (1, vae.cfg.latent_channels, frames, h, w)))
    denoiser = BundleDenoiser(model).eval()
    with torch.no_grad():
        x = euler_sample(lambda xs, t, motion, camera: denoiser(xs, t, motion), noise, z0, schedule['sigmas'],
                         torch.tensor([MOTION]), None)
        if tile:
            dec = ChunkDecoderGraph(vae.decoder, vae.cfg.scaling_factor, tile['height'] * r, tile['width'] * r).eval()
            decode = lambda lat: tiled_decode(dec, lat, tile['height'], tile['width'], tile['overlap'], r,  # noqa: E731
                                              height, width)
        else:
            decode = ChunkDecoderGraph(vae.decoder, vae.cfg.scaling_factor, height, width).eval()
        video = stream_decode(decode, x, window, vae.cfg.temporal_ratio)[0]        # [3, F, H, W]
    ids = [f for f in FRAME_IDS if f < video.shape[1]]
    # the Java decoding's (y + 1) * 127.5, rounded half to even (Math.rint, torch.round), clamped
    u8 = torch.round((video[:, ids] + 1) * 127.5).clamp(0, 255).to(torch.uint8).permute(1, 2, 3, 0)
    return {'name': f"{schedule['name']}-window-{window}", 'variant': variant, 'schedule': schedule['name'],
            'seed': SEED, 'motion_score': MOTION,
            'image': save_bin(fx, 'run_image.bin', image.numpy()),
            'noise': save_bin(fx, 'run_noise.bin', noise.numpy()),
            'latents': dict(save_bin(fx, 'run_latents.bin', x.numpy()), atol=1e-3),
            'frames': dict(save_bin(fx, 'run_frames_u8.bin', np.ascontiguousarray(u8.numpy())), max_abs_diff=2,
                           frame_ids=ids)}
