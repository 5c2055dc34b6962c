"""Time-step distillation of the nano teacher into a 1- and 2-step student (resumable).

Losses, as in the paper's recipe (regression + distribution-level):
- regression onto teacher trajectories: the teacher's 20-step shifted-Euler sample from
  the same noise is the target of the student's 1-step output (from s = 1) and of its
  second step (from s = 0.5, input = the teacher trajectory re-noised to 0.5);
- regression onto the data (weight --data-weight, 0.5 by default): our clips are nearly deterministic given image,
  camera and score, so the ground-truth latent is a valid, sharper target;
- adversarial (hinge GAN, weight 0.05): a small conditional latent discriminator sees
  (first-frame latent, frames 1..2, camera, score) of real clips vs the student's 1-step
  output - pushes the student off the blurred conditional mean.
The student starts from the teacher's EMA weights.

Teacher trajectories are computed once for --cache clips (the costly part on CPU) and reused.

usage: python3 model/distill.py --minutes 25 [--teacher-steps 10] [--cache 96]
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from mobilei2v.checkpoints import load_autoencoder
from mobilei2v.config import CAMERA_CLASSES, NANO
from mobilei2v.data import ClipSampler, load_images
from mobilei2v.dit import Denoiser
from mobilei2v.schedule import euler_sample, teacher_sigmas
from mobilei2v.training import TrainingLoop, setup, stage_arguments


class LatentDiscriminator(nn.Module):
    def __init__(self, c=32, width=64):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3 * c, width, 3, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(width, width, 3, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(width, width, 3, stride=2, padding=1), nn.LeakyReLU(0.2),
        )
        self.cam = nn.Embedding(len(CAMERA_CLASSES), width)
        self.score = nn.Linear(1, width)
        self.out = nn.Linear(width, 1)

    def forward(self, lat, cam, score):
        b, c, f, h, w = lat.shape
        feat = self.net(lat.reshape(b, c * f, h, w)).mean(dim=(2, 3))
        cond = self.cam(cam) + self.score(score.view(-1, 1))
        return self.out(feat).squeeze(1) + (feat * cond).sum(1) / feat.shape[1] ** 0.5


def teacher_cache(args, ae, teacher, images, sig_t, dev, log):
    """Teacher trajectories computed once (the costly part: steps x forward passes) and
    reused by every distillation step; saved so a resumed run does not recompute them."""
    path = os.path.join(args.run, f'teacher_cache_{args.teacher_steps}.pt')
    if os.path.exists(path):
        return torch.load(path)
    sampler = ClipSampler(images, seed=777, zoom_weight=args.zoom_weight)
    parts = []
    with torch.no_grad():
        for i in range(args.cache // args.batch):
            video, cam, score = sampler.batch(args.batch)
            z = ae.encode_video(video.to(dev))
            noise = torch.randn_like(z)
            x = euler_sample(teacher, noise, z[:, :, :1], sig_t, score, cam)
            parts.append({'z0': z[:, :, :1], 'noise': noise, 'x': x, 'cam': cam, 'score': score})
            log.write(phase='teacher-cache', batch=i + 1, of=args.cache // args.batch)
    cache = {k: torch.cat([p[k] for p in parts]) for k in parts[0]}
    torch.save(cache, path)
    return cache


def main():
    ap = stage_arguments(minutes=25)
    ap.add_argument('--batch', type=int, default=12)
    ap.add_argument('--teacher-steps', type=int, default=10)
    ap.add_argument('--lr', type=float, default=1e-4)
    ap.add_argument('--data-weight', type=float, default=0.5,
                    help='weight of the regression onto the data against the teacher-trajectory regression; '
                         'raise it where the teacher is weak (zoom)')
    ap.add_argument('--zoom-weight', type=float, default=1.0,
                    help='how often zoom-in/zoom-out clips are drawn relative to each other camera')
    ap.add_argument('--cache', type=int, default=96, help='teacher trajectories computed once and reused')
    args = ap.parse_args()
    dev = setup()
    _, images = load_images(args.images, 'train')
    ae = load_autoencoder(args.run, dev)
    teacher = Denoiser(NANO).to(dev)
    tck = torch.load(os.path.join(args.run, 'teacher.pt'), map_location='cpu')
    teacher.load_state_dict(tck['modules']['ema'])
    teacher.eval()
    student = Denoiser(NANO).to(dev)
    student.load_state_dict(tck['modules']['ema'])
    disc = LatentDiscriminator().to(dev)
    opt_s = torch.optim.AdamW(student.parameters(), lr=args.lr)
    opt_d = torch.optim.AdamW(disc.parameters(), lr=2 * args.lr, betas=(0.0, 0.99))
    loop = TrainingLoop(args.run, 'student', 'distill', {'student': student, 'disc': disc}, [opt_s, opt_d],
                        args.minutes, log_every=10)
    sampler = ClipSampler(images, seed=3000 + loop.step, zoom_weight=args.zoom_weight)
    sig_t = teacher_sigmas(args.teacher_steps)
    cache = teacher_cache(args, ae, teacher, images, sig_t, dev, loop.log)
    gen = torch.Generator().manual_seed(loop.step)

    def train_step():
        # (a) teacher trajectories (cached): 1-step from s = 1 and 2nd step from s = 0.5
        idx = torch.randint(0, cache['z0'].shape[0], (args.batch,), generator=gen)
        z0c, noise, x_teacher = cache['z0'][idx], cache['noise'][idx], cache['x'][idx]
        camc, scorec = cache['cam'][idx], cache['score'][idx]
        b, _, f = noise.shape[:3]
        x1 = noise.clone()
        x1[:, :, :1] = z0c
        t1 = torch.full((b, f), 1000.0)
        t1[:, 0] = 0
        x2 = 0.5 * x_teacher + 0.5 * noise
        x2[:, :, :1] = z0c
        t2 = torch.full((b, f), 500.0)
        t2[:, 0] = 0
        reg = F.mse_loss(student.predict_x0(x1, t1, scorec, camc)[:, :, 1:], x_teacher[:, :, 1:]) + \
            F.mse_loss(student.predict_x0(x2, t2, scorec, camc)[:, :, 1:], x_teacher[:, :, 1:])
        # (b) fresh clips: 1-step output vs the data, and against the discriminator
        video, cam, score = sampler.batch(args.batch)
        cam, score = cam.to(dev), score.to(dev)
        with torch.no_grad():
            z = ae.encode_video(video.to(dev))
        xn = torch.randn_like(z)
        xn[:, :, :1] = z[:, :, :1]
        out1 = student.predict_x0(xn, t1, score, cam)
        data = F.mse_loss(out1[:, :, 1:], z[:, :, 1:])
        adv = -disc(out1, cam, score).mean()
        loss = reg + args.data_weight * data + 0.05 * adv
        opt_s.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0)
        opt_s.step()
        # discriminator: hinge loss, real clips vs student 1-step output
        d_real = disc(z, cam, score)
        d_fake = disc(out1.detach(), cam, score)
        loss_d = F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean()
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        return reg.detach(), data.detach(), adv.detach(), loss_d.detach()

    def figures(result):
        reg, data, adv, loss_d = result
        return {'reg': round(reg.item(), 5), 'data': round(data.item(), 5), 'adv': round(adv.item(), 4),
                'loss_d': round(loss_d.item(), 4)}

    loop.run(train_step, figures)
    loop.finish({'zoom_weight': args.zoom_weight, 'data_weight': args.data_weight})


if __name__ == '__main__':
    main()
