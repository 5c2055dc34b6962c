"""Evaluate MobileI2V-Nano on held-out images, per camera motion and step count.

For every held-out image x camera class x motion score (and a fixed crop/seed), a
ground-truth clip is rendered, its first frame fed to the model (exactly the shipped
pipeline: encoder -> seeded noise -> Euler steps -> flow decoder warping the picture), and we
measure (at the 256x144 working size; evaluate_video.py measures the 1280x720 video):
- direction accuracy: the global motion between generated frames 0 and 16 (motion.py)
  equals the requested camera class;
- first-frame PSNR against the input image (the model's frame 0 vs the fitted input);
- PSNR against the ground-truth clip (frames 0, 4, 8, 12, 16);
for the 20-step teacher, the 1-step student and the 2-step student, and, as the
estimator's ceiling, the ground-truth clips themselves.
Writes model/runs/nano/eval.json and prints a Markdown table (pasted into MODEL_CARD.md
by write_model_card.py).

usage: python3 model/evaluate.py [--scores 1.5 2.5] [--max-images N] [--int8]
"""
import argparse
import os
import random
import time

import torch

from mobilei2v.checkpoints import load_models
from mobilei2v.config import CAMERA_CLASSES
from mobilei2v.data import load_images, render_clip
from mobilei2v.evaluation import decode_warped, table, write_results
from mobilei2v.motion import estimate
from mobilei2v.schedule import DISTILLED, euler_sample, teacher_sigmas
from mobilei2v.training import run_arguments

EVAL_FRAMES = [0, 4, 8, 12, 16]


def psnr(a, b):
    mse = torch.mean((a.clamp(-1, 1) - b) ** 2).item()
    return 10 * torch.log10(torch.tensor(4.0 / max(mse, 1e-10))).item()


def main():
    ap = run_arguments(argparse.ArgumentParser())
    ap.add_argument('--scores', type=float, nargs='+', default=[1.5, 2.5])
    ap.add_argument('--max-images', type=int, default=1000)
    ap.add_argument('--teacher-steps', type=int, default=20)
    ap.add_argument('--two-step-mid', type=float, default=0.5)
    ap.add_argument('--int8', action='store_true', help='also evaluate a dynamically quantised (int8 Linear) student')
    ap.add_argument('--out', default=None)
    args = ap.parse_args()
    torch.set_num_threads(os.cpu_count() or 2)
    t_start = time.time()
    ae, teacher, student, trained = load_models(args.run)
    methods = {
        'teacher-20': (teacher, teacher_sigmas(args.teacher_steps)),
        'student-1': (student, DISTILLED['distilled-1']),
        'student-2': (student, [1.0, args.two_step_mid, 0.0]),
    }
    if args.int8:
        q = torch.quantization.quantize_dynamic(student, {torch.nn.Linear}, dtype=torch.qint8)
        methods['student-1-int8'] = (q, DISTILLED['distilled-1'])
    names, images = load_images(args.images, 'heldout')
    names, images = names[:args.max_images], images[:args.max_images]
    rng = random.Random(12345)
    cases = []
    for s in args.scores:
        for i, im in enumerate(images):
            for ci, cam in enumerate(CAMERA_CLASSES):
                clip = render_clip(im, cam, s, rng, fg_src=images[(i + 1) % len(images)])
                cases.append((names[i], cam, ci, s, clip))
    results = {m: [] for m in ['ground-truth'] + list(methods)}
    batch = 7
    with torch.no_grad():
        for b0 in range(0, len(cases), batch):
            chunk = cases[b0:b0 + batch]
            clips = torch.stack([c[4] for c in chunk])                     # (B,3,17,H,W)
            cam = torch.tensor([c[2] for c in chunk], dtype=torch.long)
            score = torch.tensor([c[3] for c in chunk], dtype=torch.float32)
            z0 = ae.encoder(clips[:, :, 0]).unsqueeze(2)
            for j, c in enumerate(chunk):
                est = estimate(clips[j, :, 0], clips[j, :, 16])
                results['ground-truth'].append({'image': c[0], 'camera': c[1], 'score': c[3], 'estimated': est[0],
                                                'correct': est[0] == c[1]})
            for m, (den, sig) in methods.items():
                gen = torch.Generator().manual_seed(b0)
                noise = torch.randn(z0.shape[0], z0.shape[1], 3, z0.shape[3], z0.shape[4], generator=gen)
                x = euler_sample(den, noise, z0, sig, score, cam)
                frames = decode_warped(ae.flow_decoder, x, clips[:, :, 0], EVAL_FRAMES)
                for j, c in enumerate(chunk):
                    est = estimate(frames[j, :, 0].clamp(-1, 1), frames[j, :, -1].clamp(-1, 1))
                    results[m].append({
                        'image': c[0], 'camera': c[1], 'score': c[3], 'estimated': est[0],
                        'correct': est[0] == c[1],
                        'psnr_first': psnr(frames[j, :, 0], clips[j, :, 0]),
                        'psnr_clip': psnr(frames[j], clips[j][:, EVAL_FRAMES]),
                    })
            print(f'{min(b0 + batch, len(cases))}/{len(cases)} cases', flush=True)
    summary = {}
    for m, rs in results.items():
        per = {}
        for cam in CAMERA_CLASSES:
            sel = [r for r in rs if r['camera'] == cam]
            per[cam] = sum(r['correct'] for r in sel) / max(1, len(sel))
        row = {'direction_accuracy': sum(r['correct'] for r in rs) / max(1, len(rs)), 'per_camera': per,
               'cases': len(rs)}
        if m != 'ground-truth':
            row['psnr_first_frame'] = sum(r['psnr_first'] for r in rs) / len(rs)
            row['psnr_vs_ground_truth'] = sum(r['psnr_clip'] for r in rs) / len(rs)
        summary[m] = row
    out = {'summary': summary, 'cases': results, 'heldout_images': names, 'scores': args.scores,
           'seconds': round(time.time() - t_start), 'training': trained and {
               k: {'steps': v.get('step'), 'seconds': round(v.get('elapsed_s', 0))} for k, v in trained.items()}}
    write_results(args.out or os.path.join(args.run, 'eval.json'), out, table(summary))


if __name__ == '__main__':
    main()
