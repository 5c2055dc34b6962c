"""Write model/MODEL_CARD.md from the run's checkpoints, logs and eval.json (evaluate.py).
export_bundle.py copies it into the bundle (hashed like every other file).

usage: python3 model/write_model_card.py [--run model/runs/nano]
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import table  # noqa: E402
from mobilei2v.config import NANO, AE_NANO, PIXELS_PER_FRAME_PER_SCORE, ZOOM_PER_FRAME_PER_SCORE  # noqa: E402

LICENCES = {
    'gnome-backgrounds': 'CC-BY-SA-3.0 / CC-BY-SA-2.0 / CC-BY-2.0 (per image, debian/copyright of gnome-backgrounds)',
    'plasma-workspace-wallpapers': 'LGPL-3 / CC-BY-SA-4.0 / CC-BY-SA-3.0 (per wallpaper, debian/copyright)',
    'mate-backgrounds': 'GPL-2+ / CC-BY-SA (per image, debian/copyright)',
    'python3-skimage': 'BSD-3-Clause for the package; sample images public domain / CC0 / CC-BY (skimage/data/README)',
}


def meta(run, name):
    p = os.path.join(run, name)
    if not os.path.exists(p):
        return None
    return torch.load(p, map_location='cpu')['meta']


def extras(w):
    """Training choices recorded with a stretch (zoom oversampling, data-regression weight)."""
    parts = [f'{k.replace("_", " ")} {w[k]}' for k in ('zoom_weight', 'data_weight') if k in w]
    return f" ({', '.join(parts)})" if parts else ''


def fmt_time(s):
    return f'{s / 60:.0f} min' if s else '-'


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--run', default=os.path.join(here, 'runs', 'nano'))
    ap.add_argument('--images', default=os.path.join(here, 'data', 'images'))
    args = ap.parse_args()
    ev = json.load(open(os.path.join(args.run, 'eval.json')))
    prov = json.load(open(os.path.join(args.images, 'provenance.json')))
    split = json.load(open(os.path.join(args.images, 'split.json')))
    counts = {}
    for n, p in prov.items():
        counts[p['package']] = counts.get(p['package'], 0) + 1
    stages = []
    for label, f in (('autoencoder', 'autoencoder.pt'), ('teacher', 'teacher.pt'), ('student (distillation)', 'student.pt')):
        m = meta(args.run, f)
        if m:
            where = '; '.join(f"{w['where']}: {w['steps']} steps in {fmt_time(w['seconds'])}" + extras(w)
                              for w in m.get('where', []))
            stages.append(f"| {label} | {m['step']} | {fmt_time(m['elapsed_s'])} | {where} |")
    s = ev['summary']
    st1, te = s.get('student-1', {}), s.get('teacher-20', {})
    gap = (te.get('psnr_vs_ground_truth', 0) - st1.get('psnr_vs_ground_truth', 0))
    goals = [
        ('1-step student moves the camera as asked on >= 90% of held-out cases',
         f"{100 * st1.get('direction_accuracy', 0):.1f}%", st1.get('direction_accuracy', 0) >= 0.9),
        ('1-step first frame >= 25 dB PSNR from the input', f"{st1.get('psnr_first_frame', 0):.2f} dB",
         st1.get('psnr_first_frame', 0) >= 25),
        ('1-step within 1 dB (PSNR vs ground truth) of the 20-step teacher', f'teacher - student = {gap:+.2f} dB',
         gap <= 1.0),
    ]
    lines = [
        '# MobileI2V-Nano model card',
        '',
        'A small member of the MobileI2V family (arXiv 2511.21475), trained from scratch by MobileI2V Studio',
        'on 2 CPU cores, shipped as the studio\'s default model. It turns one image into 17 frames of',
        '256x144 at 17 fps, moving the camera as asked (7 classes) by an amount set by the motion score.',
        'Figures below are written by `model/write_model_card.py` from `model/evaluate.py` output: reproduce',
        'them with the commands in model/README.md.',
        '',
        '## Architecture',
        f"- Denoiser: hybrid linear/softmax DiT, {len(NANO['block_kinds'])} blocks "
        f"({NANO['block_kinds'].count('linear')} ReLU linear-attention, {NANO['block_kinds'].count('softmax')} softmax; "
        "pattern 3 linear / 1 softmax / 3 linear / 1 softmax, as the published 7/1/7/1), "
        f"hidden {NANO['hidden']}, {NANO['heads']} heads of {NANO['hidden'] // NANO['heads']}, 3D RoPE, Mix-FFN, "
        'adaLN from timestep + motion score + camera class; x0 predicted as a residual on the first-frame latent.',
        f"- Autoencoder: keyframe video autoencoder, {AE_NANO['spatial_ratio']}x spatial, {AE_NANO['temporal_ratio']}x "
        f"temporal (17 frames -> 3 latent frames), {AE_NANO['latent_channels']} channels; causal streaming decoder "
        '(one call per frame). Not the LTX-Video VAE / Turbo-VAED of the paper.',
        f"- Parameters: see manifest.json `parameters`.",
        f'- Motion score: pan/tilt {PIXELS_PER_FRAME_PER_SCORE} px of content motion per frame per unit (256x144);'
        f' zoom {ZOOM_PER_FRAME_PER_SCORE * 100:.1f}% scale change per frame per unit.',
        '',
        '## Evaluation (held-out images; `model/evaluate.py`)',
        f"{len(ev['heldout_images'])} held-out images x 7 camera motions x motion scores {ev['scores']}; "
        'direction = nearest global motion between generated frames 0 and 16 (model/mobilei2v/motion.py). '
        'The ground-truth row is the estimator run on the true clips: its ceiling (periodic textures such as '
        'stripes are ambiguous to it). A model can score above it: the true clips carry parallax and lighting '
        'drift that confuse the estimator, and the generated clips reproduce less of both.',
        '',
        table(s),
        '',
        '### Goals of issue 2',
        '| goal | measured | met |',
        '|---|---|---|',
    ] + [f"| {g} | {v} | {'yes' if ok else 'NO'} |" for g, v, ok in goals] + [
        '',
        '## Training (resumable; stages add up across sessions)',
        '| stage | steps | time | where |',
        '|---|---|---|---|',
    ] + stages + [
        '',
        'Zoom weight = how often zoom-in/zoom-out clips were drawn relative to each other camera; data weight = '
        'weight of the regression onto the true clip beside the regression onto teacher trajectories (distill.py). '
        'A stage restarted from a newer teacher starts its own step count (distill.py starts from the teacher EMA '
        'when runs/nano/student.pt is absent).',
        '',
        '## Data provenance',
        'Only images from these Debian packages are used (fetched by model/fetch_data.sh, never committed):',
        '',
        '| package | images | licence |',
        '|---|---|---|',
    ] + [f'| {k} | {v} | {LICENCES.get(k, "see debian/copyright")} |' for k, v in sorted(counts.items())] + [
        '',
        f"Held-out split (never trained on): {len(split['heldout'])} images, chosen by SHA-1 of the file name; "
        f"training: {len(split['train'])} images plus procedural textures. Clips are made procedurally: camera "
        'window moves over the photo, an optional foreground layer moves with parallax, lighting drifts.',
        '',
        '## Limits',
        '- Trained for minutes to hours on 2 CPU cores: expect blur and errors on low-texture images.',
        '- No text conditioning (the manifest says `text: null`; the studio disables the prompt box).',
        '- 256x144, not 720p: the full 0.27B configuration exists in model/ (random weights) for performance work.',
    ]
    with open(os.path.join(here, 'MODEL_CARD.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('wrote model/MODEL_CARD.md')


if __name__ == '__main__':
    main()
