"""Train the nano video autoencoder (resumable).

Trains on latent-aligned 128x128 crops of full 256x144 clips (convolutions are
translation-equivariant, so the model works at the full frame; crops make it 2.3x cheaper
on CPU). Each step encodes the three keyframes and decodes frame 0 plus three random
frames. Loss: L1 + MSE in RGB; a small latent L2 keeps latents bounded, and decoding from
slightly noised latents makes the decoder tolerant of denoiser error. At the end the
latent scale is set so latents have unit standard deviation.

usage: python3 model/train_autoencoder.py --minutes 25 [--run model/runs/nano]
"""
import argparse
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mobilei2v.autoencoder import VideoAutoencoder  # noqa: E402
from mobilei2v.config import AE_NANO  # noqa: E402
from mobilei2v.data import ClipSampler, load_images  # noqa: E402
from mobilei2v.training import Checkpoint, Log, setup, where  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--run', default=os.path.join(here, 'runs', 'nano'))
    ap.add_argument('--images', default=os.path.join(here, 'data', 'images'))
    ap.add_argument('--minutes', type=float, default=25)
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
    ck = Checkpoint(os.path.join(args.run, 'autoencoder.pt'))
    meta = ck.load({'ae': ae}, [opt])
    if args.decoder_only:
        for p in ae.encoder.parameters():
            p.requires_grad_(False)
        opt = torch.optim.Adam(ae.decoder.parameters(), lr=args.lr)
    log = Log(os.path.join(args.run, 'autoencoder.log.jsonl'))
    sampler = ClipSampler(images, seed=1000 + meta['step'])
    rng = random.Random(meta['step'])
    start = time.time()
    last_save = start
    step = meta['step']
    while time.time() - start < args.minutes * 60 and step < args.max_steps:
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
        step += 1
        if step % 20 == 0:
            with torch.no_grad():
                mse0 = F.mse_loss(rec[:, :, 0], tgt[:, :, 0]).item()
                psnr0 = 10 * torch.log10(torch.tensor(4.0 / max(mse0, 1e-10))).item()
                mse = F.mse_loss(rec, tgt).item()
                psnr = 10 * torch.log10(torch.tensor(4.0 / max(mse, 1e-10))).item()
            log.write(phase='autoencoder', step=step, loss=round(loss.item(), 5), psnr_frame0=round(psnr0, 2),
                      psnr=round(psnr, 2), zstd=round(z.std().item(), 4),
                      elapsed_s=round(meta['elapsed_s'] + time.time() - start, 1))
        if step % 200 == 0:
            for g in opt.param_groups:  # step decay: fast start, fine finish
                g['lr'] = max(args.lr * 0.5 ** (step // 1500), 1e-4)
        if time.time() - last_save > 120:
            m = dict(meta, step=step, elapsed_s=meta['elapsed_s'] + time.time() - start)
            ck.save({'ae': ae}, [opt], m)
            last_save = time.time()
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
    where_list = list(meta.get('where', []))
    elapsed = meta['elapsed_s'] + time.time() - start
    where_list.append({'where': where(), 'steps': step - meta['step'], 'seconds': round(time.time() - start)})
    ck.save({'ae': ae}, [opt], dict(meta, step=step, elapsed_s=elapsed, where=where_list))
    log.write(phase='autoencoder-done', step=step, latent_scale=s, elapsed_s=round(elapsed, 1))


if __name__ == '__main__':
    main()
