"""Train the nano teacher denoiser by rectified flow (resumable; CPU or CUDA).

x_t = (1 - s) x0 + s * noise on latent frames 1..2; frame 0 is the clean image latent
(timestep 0), exactly as at sampling time. Timesteps: logit-normal (m=0.5, s=1) mixed
with 25% s = 1 exactly, weighting training toward the noisiest timesteps so that the
one-step student, which starts from pure noise, inherits a good x0 at s = 1.
Loss: MSE on the x0 prediction (the network's own output, dit.py), i.e. the velocity
loss weighted by s^2.

usage: python3 model/train_teacher.py --minutes 60
"""
import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mobilei2v.autoencoder import VideoAutoencoder  # noqa: E402
from mobilei2v.config import AE_NANO, NANO  # noqa: E402
from mobilei2v.data import ClipSampler, load_images  # noqa: E402
from mobilei2v.dit import Denoiser  # noqa: E402
from mobilei2v.training import Checkpoint, Log, setup, where  # noqa: E402


def sample_sigma(n, gen=None):
    s = torch.sigmoid(torch.randn(n, generator=gen) + 0.5)
    pure = torch.rand(n, generator=gen) < 0.25
    return torch.where(pure, torch.ones(n), s.clamp(0.002, 1.0))


def noised(z, sigma, noise):
    """Frames 1.. noised to sigma; frame 0 clean; timesteps (B, F) with frame 0 at 0."""
    s = sigma.view(-1, 1, 1, 1, 1)
    x = (1 - s) * z + s * noise
    x[:, :, :1] = z[:, :, :1]
    t = sigma.view(-1, 1).repeat(1, z.shape[2]) * 1000.0
    t[:, 0] = 0.0
    return x, t


def load_autoencoder(run, dev):
    ae = VideoAutoencoder(AE_NANO).to(dev)
    Checkpoint(os.path.join(run, 'autoencoder.pt')).load({'ae': ae})
    ae.eval()
    for p in ae.parameters():
        p.requires_grad_(False)
    return ae


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--run', default=os.path.join(here, 'runs', 'nano'))
    ap.add_argument('--images', default=os.path.join(here, 'data', 'images'))
    ap.add_argument('--minutes', type=float, default=60)
    ap.add_argument('--batch', type=int, default=12)
    ap.add_argument('--lr', type=float, default=4e-4)
    ap.add_argument('--zoom-weight', type=float, default=1.0,
                    help='how often zoom-in/zoom-out clips are drawn relative to each other camera')
    args = ap.parse_args()
    dev = setup()
    _, images = load_images(args.images, 'train')
    ae = load_autoencoder(args.run, dev)
    den = Denoiser(NANO).to(dev)
    ema = Denoiser(NANO).to(dev)
    ema.load_state_dict(den.state_dict())
    opt = torch.optim.AdamW(den.parameters(), lr=args.lr, weight_decay=0.0)
    ck = Checkpoint(os.path.join(args.run, 'teacher.pt'))
    meta = ck.load({'denoiser': den, 'ema': ema}, [opt])
    log = Log(os.path.join(args.run, 'teacher.log.jsonl'))
    sampler = ClipSampler(images, seed=2000 + meta['step'], zoom_weight=args.zoom_weight)
    start = time.time()
    last_save = start
    step = meta['step']
    run_loss = None
    while time.time() - start < args.minutes * 60:
        video, cam, score = sampler.batch(args.batch)
        with torch.no_grad():
            z = ae.encode_video(video.to(dev))
        sigma = sample_sigma(z.shape[0]).to(dev)
        x, t = noised(z, sigma, torch.randn_like(z))
        x0 = den.predict_x0(x, t, score.to(dev), cam.to(dev))
        loss = F.mse_loss(x0[:, :, 1:], z[:, :, 1:])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(den.parameters(), 1.0)
        opt.step()
        step += 1
        with torch.no_grad():
            d = min(0.999, (1 + step) / (10 + step))
            for pe, p in zip(ema.parameters(), den.parameters()):
                pe.mul_(d).add_(p.detach(), alpha=1 - d)
        run_loss = loss.item() if run_loss is None else 0.98 * run_loss + 0.02 * loss.item()
        if step % 20 == 0:
            log.write(phase='teacher', step=step, loss=round(run_loss, 5),
                      elapsed_s=round(meta['elapsed_s'] + time.time() - start, 1))
        if time.time() - last_save > 120:
            ck.save({'denoiser': den, 'ema': ema}, [opt],
                    dict(meta, step=step, elapsed_s=meta['elapsed_s'] + time.time() - start))
            last_save = time.time()
    where_list = list(meta.get('where', []))
    where_list.append({'where': where(), 'steps': step - meta['step'], 'seconds': round(time.time() - start),
                       'zoom_weight': args.zoom_weight})
    ck.save({'denoiser': den, 'ema': ema}, [opt],
            dict(meta, step=step, elapsed_s=meta['elapsed_s'] + time.time() - start, where=where_list))
    log.write(phase='teacher-done', step=step)


if __name__ == '__main__':
    main()
