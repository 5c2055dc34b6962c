"""Train the source-conditioned flow decoder of MobileI2V-Nano 2 (resumable).

The autoencoder's encoder stays frozen, so the latent space, the teacher and the distilled
student all stay valid: only the decoder changes what it knows (flow_decoder.py). Each step
draws clips with their exact ground truth (data.py: camera window, parallax layer, local
motion, lighting), encodes the keyframes, and for a random half of the batch replaces
latent frames 1-2 with what the 1-step student generates for the same picture, camera and
motion score, so the decoder learns to read the latents it will get at inference.
Supervision per sampled frame:
  photometric  L1 of the composed frame against the true frame
  flow         L1 against the true backward flow where the picture shows the point
  visibility   BCE against the true visibility
  gain         L1 against the true lighting gain
  synthesised  L1 of the low-resolution image against the (downsampled) true frame
  camera       L1 of the global affine flow against the clip's true camera motion (the
               camera class the user asked for is this motion's direction: issue 10's
               direction goal; --camera-weight: 0 for the first 900 steps, 8 after)

usage: python3 model/train_decoder.py --minutes 60 [--run model/runs/nano]
"""
import random

import torch
import torch.nn.functional as F

from mobilei2v.checkpoints import load_autoencoder, load_student
from mobilei2v.config import NANO
from mobilei2v.data import ClipSampler, load_images
from mobilei2v.flow_decoder import FlowDecoder, compose
from mobilei2v.schedule import DISTILLED, euler_sample
from mobilei2v.training import EMA, RunningMean, TrainingLoop, setup, stage_arguments


def losses(dec, video, truth, z, ids):
    """Loss terms for frames ids of every clip; video (B,3,17,H,W), z (B,C,3,h,w)."""
    b = video.shape[0]
    picture = video[:, :, 0]
    feats = dec.features(picture)
    out = {'photo': 0.0, 'flow': 0.0, 'vis': 0.0, 'gain': 0.0, 'synth': 0.0, 'camera': 0.0, 'epe_px': 0.0, 'mse': 0.0}
    for f in ids:
        k = (f - 1) // 8 + 1
        phase = torch.full((b,), ((f - 1) % 8 + 1) / 8.0)
        maps, affine = dec.decode_with_camera(feats, z[:, :, 0], z[:, :, k - 1], z[:, :, k], phase)
        out['camera'] = out['camera'] + (affine - truth['camera'][:, f]).abs().mean()
        frame = compose(picture, maps, clamp=False)
        tgt = video[:, :, f]
        up = F.interpolate(maps, size=tgt.shape[-2:], mode='bilinear', align_corners=False)
        vis_t = truth['visibility'][:, f]
        out['photo'] = out['photo'] + F.l1_loss(frame, tgt)
        out['mse'] = out['mse'] + F.mse_loss(frame.clamp(-1, 1), tgt).detach()
        fl = (up[:, 0:2] - truth['flow'][:, f]).abs()
        w = (vis_t > 0.5).float()
        out['flow'] = out['flow'] + (fl * w).sum() / (2 * w.sum() + 1)
        out['epe_px'] = out['epe_px'] + ((fl[:, 0] * tgt.shape[-1] / 2) ** 2 + (fl[:, 1] * tgt.shape[-2] / 2) ** 2
                                         ).sqrt().mul(w[:, 0]).sum().detach() / (w.sum() + 1)
        out['vis'] = out['vis'] + F.binary_cross_entropy(up[:, 2:3].clamp(1e-4, 1 - 1e-4), vis_t)
        out['gain'] = out['gain'] + (up[:, 3:6].mean(dim=(2, 3)) - truth['gain'][:, f]).abs().mean()
        out['synth'] = out['synth'] + F.l1_loss(maps[:, 6:9], F.avg_pool2d(tgt, 2))
    return {k: v / len(ids) for k, v in out.items()}


def main():
    ap = stage_arguments(minutes=60)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--frames', type=int, default=4, help='frames decoded per clip and step')
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--student-p', type=float, default=0.5,
                    help='share of clips whose latent frames 1-2 come from the 1-step student')
    ap.add_argument('--local-motion-p', type=float, default=0.25)
    ap.add_argument('--zoom-weight', type=float, default=2.0)
    ap.add_argument('--camera-weight', type=float, default=0.0)
    ap.add_argument('--ema', type=float, default=0.995,
                    help='decay of the weight average that is exported (evaluations of single checkpoints '
                         'swung by 5 points of direction between steps 1500 and 2400)')
    args = ap.parse_args()
    dev = setup()
    _, images = load_images(args.images, 'train')
    ae = load_autoencoder(args.run, dev)
    student = load_student(args.run, dev)
    dec = FlowDecoder(ae.cfg['latent_channels'], NANO['latent_grid'][1:]).to(dev)
    dec.latent_scale.fill_(ae.encoder.latent_scale.item())
    opt = torch.optim.Adam(dec.parameters(), lr=args.lr)
    loop = TrainingLoop(args.run, 'flow_decoder', 'flow-decoder', {'decoder': dec}, [opt], args.minutes,
                        log_every=10, ema=EMA('decoder_ema', dec, args.ema))
    sampler = ClipSampler(images, seed=5000 + loop.step, zoom_weight=args.zoom_weight,
                          local_motion_p=args.local_motion_p)
    rng = random.Random(loop.step)
    running = RunningMean(0.05)

    def train_step():
        video, cam, score, truth = sampler.batch(args.batch, truth=True)
        with torch.no_grad():
            z = ae.encode_video(video)
            use_student = torch.rand(z.shape[0]) < args.student_p
            if use_student.any():
                noise = torch.randn_like(z)
                gen = euler_sample(student, noise, z[:, :, :1], DISTILLED['distilled-1'], score, cam)
                z = torch.where(use_student.view(-1, 1, 1, 1, 1), gen, z)
            jitter = (torch.rand(z.shape[0], 1, 1, 1, 1) < 0.3).float() * 0.1 * z.std()
            z[:, :, 1:] = z[:, :, 1:] + jitter * torch.randn_like(z[:, :, 1:])
        ids = sorted(rng.sample(range(1, 17), args.frames - 1)) + [16]
        ids = sorted(set(ids))
        t = losses(dec, video, truth, z, ids)
        loss = t['photo'] + 4 * t['flow'] + 0.2 * t['vis'] + t['gain'] + 0.3 * t['synth'] + args.camera_weight * t['camera']
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(dec.parameters(), 1.0)
        opt.step()
        running.update(**t)

    def figures(_):
        r = running
        psnr = 10 * torch.log10(torch.tensor(4.0 / max(r['mse'], 1e-10))).item()
        return {'photo': round(r['photo'], 4), 'flow': round(r['flow'], 5), 'epe_px': round(r['epe_px'], 2),
                'vis': round(r['vis'], 4), 'gain': round(r['gain'], 4), 'synth': round(r['synth'], 4),
                'camera': round(r['camera'], 5), 'psnr': round(psnr, 2)}

    def lr_decay(step):
        if step % 100 == 0:
            for g in opt.param_groups:
                g['lr'] = max(args.lr * 0.5 ** (step / 1500), 1e-4)

    loop.run(train_step, figures, lr_decay)
    loop.finish({'student_p': args.student_p, 'local_motion_p': args.local_motion_p, 'zoom_weight': args.zoom_weight,
                 'camera_weight': args.camera_weight, 'ema': args.ema})


if __name__ == '__main__':
    main()
