"""Train the nano video autoencoder (resumable).

Trains on latent-aligned 128x128 crops of full 256x144 clips (convolutions are
translation-equivariant, so the model works at the full frame; crops make it 2.3x cheaper
on CPU). Each step encodes the three keyframes and decodes frame 0 plus three random
frames. Loss: L1 + MSE in RGB; a small latent L2 keeps latents bounded, and decoding from
slightly noised latents makes the decoder tolerant of denoiser error. At the end the
latent scale is set so latents have unit standard deviation.

usage: python3 model/train_autoencoder.py --minutes 25 [--run model/runs/nano]
"""
import random

import torch
import torch.nn.functional as F

from mobilei2v.autoencoder import VideoAutoencoder
from mobilei2v.config import AE_NANO
from mobilei2v.data import ClipSampler, load_images
from mobilei2v.training import TrainingLoop, setup, stage_arguments


def psnr(rec, tgt):
    mse = F.mse_loss(rec, tgt).item()
    return 10 * torch.log10(torch.tensor(4.0 / max(mse, 1e-10))).item()


def main():
    ap = stage_arguments(minutes=25)
    ap.add_argument('--max-steps', type=int, default=100000)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--decoder-only', action='store_true',
                    help='freeze the encoder (the latent space the denoiser was trained on) and keep '
                         'improving the decoder; the latent scale is left as it is')
    args = ap.parse_args()
    dev = setup()
    _, images = load_images(args.images, 'train')
    ae = VideoAutoencoder(AE_NANO).to(dev)
    opt = torch.optim.Adam(ae.parameters(), lr=args.lr)
    loop = TrainingLoop(args.run, 'autoencoder', 'autoencoder', {'ae': ae}, [opt], args.minutes, log_every=20,
                        max_steps=args.max_steps)
    if args.decoder_only:
        for p in ae.encoder.parameters():
            p.requires_grad_(False)
        # the decoder's own optimiser starts afresh (the joint one restored above is dropped), as before
        opt = torch.optim.Adam(ae.decoder.parameters(), lr=args.lr)
        loop.optimisers = [opt]
    sampler = ClipSampler(images, seed=1000 + loop.step)
    rng = random.Random(loop.step)

    def train_step():
        video, _, _ = sampler.batch(args.batch)
        x0 = rng.randrange(0, 256 - 128 + 1, 16)
        crop = video[..., :128, x0:x0 + 128].to(dev)  # (B,3,17,128,128)
        if args.decoder_only:
            with torch.no_grad():
                z = ae.encode_video(crop)
        else:
            z = ae.encode_video(crop)
        zn = z + 0.05 * z.detach().std() * torch.randn_like(z) * (rng.random() < 0.5)
        ids = [0] + rng.sample(range(1, 17), 3)
        rec = ae.decode_frames(zn, ids)
        tgt = crop[:, :, ids]
        loss = F.l1_loss(rec, tgt) + F.mse_loss(rec, tgt) + 1e-4 * z.pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss, z, rec, tgt

    def figures(result):
        loss, z, rec, tgt = result
        with torch.no_grad():
            return {'loss': round(loss.item(), 5), 'psnr_frame0': round(psnr(rec[:, :, 0], tgt[:, :, 0]), 2),
                    'psnr': round(psnr(rec, tgt), 2), 'zstd': round(z.std().item(), 4)}

    def step_decay(step):  # fast start, fine finish
        if step % 200 == 0:
            for g in opt.param_groups:
                g['lr'] = max(args.lr * 0.5 ** (step // 1500), 1e-4)

    loop.run(train_step, figures, step_decay)
    # latent scale from a fresh batch at full size (not when the encoder is frozen)
    s = ae.encoder.latent_scale.item()
    if not args.decoder_only:
        with torch.no_grad():
            video, _, _ = sampler.batch(16)
            ae.encoder.latent_scale.fill_(1.0)
            z = ae.encode_video(video.to(dev))
            s = 1.0 / z.std().item()
    ae.encoder.latent_scale.fill_(s)
    ae.decoder.latent_scale.fill_(s)
    loop.finish(latent_scale=s, log_elapsed=True)


if __name__ == '__main__':
    main()
