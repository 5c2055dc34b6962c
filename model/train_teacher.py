"""Train the nano teacher denoiser by rectified flow (resumable; CPU or CUDA).

x_t = (1 - s) x0 + s * noise on latent frames 1..2; frame 0 is the clean image latent
(timestep 0), exactly as at sampling time. Timesteps: logit-normal (m=0.5, s=1) mixed
with 25% s = 1 exactly, weighting training toward the noisiest timesteps so that the
one-step student, which starts from pure noise, inherits a good x0 at s = 1.
Loss: MSE on the x0 prediction (the network's own output, dit.py), i.e. the velocity
loss weighted by s^2.

usage: python3 model/train_teacher.py --minutes 60
"""
import torch
import torch.nn.functional as F

from mobilei2v.checkpoints import load_autoencoder
from mobilei2v.config import NANO
from mobilei2v.data import ClipSampler, load_images
from mobilei2v.dit import Denoiser
from mobilei2v.training import EMA, RunningMean, TrainingLoop, setup, stage_arguments


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


def main():
    ap = stage_arguments(minutes=60)
    ap.add_argument('--batch', type=int, default=12)
    ap.add_argument('--lr', type=float, default=4e-4)
    ap.add_argument('--zoom-weight', type=float, default=1.0,
                    help='how often zoom-in/zoom-out clips are drawn relative to each other camera')
    args = ap.parse_args()
    dev = setup()
    _, images = load_images(args.images, 'train')
    ae = load_autoencoder(args.run, dev)
    den = Denoiser(NANO).to(dev)
    opt = torch.optim.AdamW(den.parameters(), lr=args.lr, weight_decay=0.0)
    loop = TrainingLoop(args.run, 'teacher', 'teacher', {'denoiser': den}, [opt], args.minutes, log_every=20,
                        ema=EMA('ema', den, lambda step: min(0.999, (1 + step) / (10 + step))))
    sampler = ClipSampler(images, seed=2000 + loop.step, zoom_weight=args.zoom_weight)
    running = RunningMean(0.02)

    def train_step():
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
        running.update(loss=loss.item())

    loop.run(train_step, lambda _: {'loss': round(running['loss'], 5)})
    loop.finish({'zoom_weight': args.zoom_weight})


if __name__ == '__main__':
    main()
