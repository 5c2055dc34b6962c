"""The shipped video at 1280x720 against the picture it came from (issue 10's goals).

Each picture is centre-cropped and resized to the output size (1280x720) exactly as the studio
fits it, box-averaged to the working size for the nets, and generated through the shipped
pipeline (encoder -> seeded noise -> 1 or 2 student steps, or the teacher -> flow decoder ->
the picture warped at the output size). Per clip:
- frame 0 against the fitted picture (PSNR; identical by construction, measured anyway);
- the clip's own global motion: an affine fit of frame 0 onto the last frame (coarse search of
  motion.py, then refined by gradient descent at 320x180 over the central 60%);
- last frame against the picture moved by that motion, central 60% (PSNR);
- high-frequency energy (mean squared Laplacian of luma, central 60%) of the last frame over
  that of the moved picture;
- camera direction of the clip (motion.py at 256x144) against the requested class.

usage: python3 model/evaluate_video.py [--pictures DIR | split held-out] [--scores 1.5 2.5]
       [--methods student-1 student-2 teacher-20] [--save-examples DIR]
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from mobilei2v.checkpoints import load_models
from mobilei2v.config import CAMERA_CLASSES
from mobilei2v.evaluation import decode_warped, video_table, write_results
from mobilei2v.motion import estimate
from mobilei2v.noise import seeded_noise
from mobilei2v.pictures import fixture_image
from mobilei2v.schedule import DISTILLED, euler_sample, teacher_sigmas
from mobilei2v.training import run_arguments

OUT_W, OUT_H, WORK_W, WORK_H = 1280, 720, 256, 144


def fit_picture(path, w=OUT_W, h=OUT_H):
    """Centre crop to w:h, resize (bicubic) to w x h: float (3, h, w) in [-1, 1], and whether it was upscaled."""
    iw, ih = Image.open(path).size
    return fixture_image(path, w, h)[0], max(w / iw, h / ih) > 1


def to_u8(x):
    return torch.round(((x.clamp(-1, 1) + 1) * 127.5)).clamp(0, 255)


def central(x, frac=0.6):
    h, w = x.shape[-2:]
    dh, dw = int(h * (1 - frac) / 2), int(w * (1 - frac) / 2)
    return x[..., dh:h - dh, dw:w - dw]


def psnr(a, b):
    mse = torch.mean((to_u8(a) - to_u8(b)) ** 2).item()
    return 10 * np.log10(255.0 ** 2 / max(mse, 1e-10))


def hf_energy(x):
    """Mean squared 4-neighbour Laplacian of luma (0..255), central 60%."""
    y = (0.299 * to_u8(x)[0] + 0.587 * to_u8(x)[1] + 0.114 * to_u8(x)[2]).unsqueeze(0).unsqueeze(0)
    k = torch.tensor([[0., 1., 0.], [1., -4., 1.], [0., 1., 0.]]).view(1, 1, 3, 3)
    lap = F.conv2d(y, k)
    return central(lap).pow(2).mean().item()


def global_motion(f0, f1):
    """Affine theta (2, 3) with f1(p) ~ f0(theta [p, 1]) (normalised coords), f0/f1 (3, H, W)."""
    small = lambda x: F.interpolate(x.unsqueeze(0), size=(WORK_H, WORK_W), mode='area')[0]
    _, dx, dy, z, _ = estimate(small(f0).clamp(-1, 1), small(f1).clamp(-1, 1))
    theta = torch.tensor([[1 / z, 0, -dx / (WORK_W / 2) / z], [0, 1 / z, -dy / (WORK_H / 2) / z]],
                         dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    a = F.interpolate(f0.unsqueeze(0), size=(180, 320), mode='area')
    b = F.interpolate(f1.unsqueeze(0), size=(180, 320), mode='area')
    opt = torch.optim.Adam([theta], lr=0.003)
    for it in range(80):
        grid = F.affine_grid(theta, (1, 3, 180, 320), align_corners=False)
        w = F.grid_sample(a, grid, mode='bilinear', padding_mode='border', align_corners=False)
        loss = (central(w) - central(b)).abs().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if it == 40:
            for g in opt.param_groups:
                g['lr'] = 0.001
    return theta.detach()


def moved(picture, theta):
    grid = F.affine_grid(theta, (1, 3) + tuple(picture.shape[-2:]), align_corners=False)
    return F.grid_sample(picture.unsqueeze(0), grid, mode='bilinear', padding_mode='border', align_corners=False)[0]


def main():
    ap = run_arguments(argparse.ArgumentParser())
    ap.add_argument('--pictures', default=None, help='a folder of pictures instead of the held-out split')
    ap.add_argument('--scores', type=float, nargs='+', default=[1.5, 2.5])
    ap.add_argument('--methods', nargs='+', default=['student-1', 'student-2', 'teacher-20'])
    ap.add_argument('--save-examples', default=None, help='write frame 0 / last frame PNGs of the first cases here')
    ap.add_argument('--out', default=None)
    args = ap.parse_args()
    torch.set_num_threads(os.cpu_count() or 2)
    t0 = time.time()
    ae, teacher, student, trained = load_models(args.run)
    flow = ae.flow_decoder
    sig = {'student-1': (student, DISTILLED['distilled-1']), 'student-2': (student, DISTILLED['distilled-2']),
           'teacher-20': (teacher, teacher_sigmas(20))}
    if args.pictures:
        paths = sorted(os.path.join(args.pictures, n) for n in os.listdir(args.pictures)
                       if n.lower().endswith(('.png', '.jpg', '.jpeg', '.webp')))
    else:
        with open(os.path.join(args.images, 'split.json')) as f:
            paths = [os.path.join(args.images, n) for n in json.load(f)['heldout']]
    results = {m: [] for m in args.methods}
    with torch.no_grad():
        for pi, path in enumerate(paths):
            picture, upscaled = fit_picture(path)
            work = F.avg_pool2d(picture.unsqueeze(0), OUT_W // WORK_W)  # = the Java AreaDownscale (5x box)
            z0 = ae.encoder(work).unsqueeze(2)
            for s in args.scores:
                for ci, cam in enumerate(CAMERA_CLASSES):
                    seed = 1000 * pi + 10 * ci + int(s * 2)
                    noise = torch.from_numpy(seeded_noise(seed, tuple(z0.shape[:2]) + (3,) + tuple(z0.shape[3:])))
                    for m in args.methods:
                        den, sg = sig[m]
                        x = euler_sample(den, noise, z0, sg, torch.tensor([s]), torch.tensor([ci]))
                        fr = decode_warped(flow, x, work, [0, 16], picture.unsqueeze(0))[0]  # (3, 2, H, W)
                        first, last = fr[:, 0], fr[:, 1]
                        with torch.enable_grad():
                            theta = global_motion(first, last)
                        ref = moved(picture, theta)
                        small = lambda x: F.interpolate(x.unsqueeze(0), size=(WORK_H, WORK_W), mode='area')[0]
                        est = estimate(small(first).clamp(-1, 1), small(last).clamp(-1, 1))[0]
                        results[m].append({
                            'picture': os.path.basename(path), 'camera': cam, 'score': s, 'upscaled': upscaled,
                            'estimated': est, 'correct': est == cam,
                            'psnr_first': psnr(first, picture),
                            'psnr_last_vs_moved': psnr(central(last), central(ref)),
                            'hf_ratio': hf_energy(last) / max(hf_energy(ref), 1e-6),
                            'theta': [round(v, 4) for v in theta.flatten().tolist()],
                        })
                        if args.save_examples and pi < 3 and s == args.scores[-1] and m == args.methods[0]:
                            os.makedirs(args.save_examples, exist_ok=True)
                            stem = f'{os.path.splitext(os.path.basename(path))[0]}_{cam}'
                            for name, img in (('frame00', first), ('frame16', last)):
                                Image.fromarray(to_u8(img).byte().permute(1, 2, 0).numpy()).save(
                                    os.path.join(args.save_examples, f'{stem}_{name}.png'))
            print(f'{pi + 1}/{len(paths)} pictures, {time.time() - t0:.0f} s', flush=True)
    summary = {}
    for m, rs in results.items():
        summary[m] = {
            'cases': len(rs),
            'direction_accuracy': sum(r['correct'] for r in rs) / max(1, len(rs)),
            'per_camera': {c: sum(r['correct'] for r in rs if r['camera'] == c) / max(1, sum(r['camera'] == c for r in rs))
                           for c in CAMERA_CLASSES},
            'psnr_first_min': min(r['psnr_first'] for r in rs),
            'psnr_last_vs_moved_median': statistics.median(r['psnr_last_vs_moved'] for r in rs),
            'hf_ratio_median': statistics.median(r['hf_ratio'] for r in rs),
            'hf_ratio_min': min(r['hf_ratio'] for r in rs),
        }
    out = {'summary': summary, 'cases': results, 'pictures': [os.path.basename(p) for p in paths],
           'scores': args.scores, 'size': [OUT_W, OUT_H], 'seconds': round(time.time() - t0)}
    write_results(args.out or os.path.join(args.run, 'eval_video.json'), out, video_table(summary))


if __name__ == '__main__':
    main()
