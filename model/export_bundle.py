"""Export a MobileI2V model bundle (docs/BUNDLE.md) from the nano checkpoints.

Writes, to --out (default assets/models/mobilei2v-nano):
  desktop/{encoder,denoiser,denoiser_teacher,decoder}.onnx   fp32
  mobile/{encoder,denoiser,decoder}.onnx   fp16 weights (Cast to fp32 at load), softmax
      attention tiled head by head, timestep embedding folded to a table of the
      distilled timesteps (0, 500, 1000): the mobile variant serves distilled schedules.
  fixtures/  PyTorch reference tensors for each graph and one whole 1-step run
  manifest.json  with SHA-256 and size of every file and FLOPs per graph call.
Missing checkpoints -> random weights (flagged in the manifest's provenance), so the Java
side can be built against a real bundle before training ends.

usage: python3 model/export_bundle.py [--run model/runs/nano] [--out DIR] [--version V]
"""
import argparse
import json
import os
import shutil
import time

import numpy as np
import onnx
from onnx import numpy_helper, helper, TensorProto
import torch
import torch.nn as nn
import torch.nn.functional as F

from mobilei2v.autoencoder import VideoAutoencoder, frame_plan  # noqa: E402
from mobilei2v.flow_decoder import FlowDecoder, compose, MAP_CHANNELS  # noqa: E402
from mobilei2v.config import AE_NANO, NANO, CAMERA_CLASSES, MOTION_RANGE, MOTION_DEFAULT, \
    PIXELS_PER_FRAME_PER_SCORE, ZOOM_PER_FRAME_PER_SCORE  # noqa: E402
from mobilei2v.dit import Denoiser, count_parameters, sinusoidal  # noqa: E402
from mobilei2v.noise import seeded_noise  # noqa: E402
from mobilei2v.schedule import DISTILLED, teacher_sigmas  # noqa: E402
from mobilei2v.flops import graph_flops  # noqa: E402
from mobilei2v.external_data import store_weights_externally  # noqa: E402
from mobilei2v.quantize import quantize_matmuls  # noqa: E402
from mobilei2v.checkpoints import load_models  # noqa: E402
from mobilei2v.pictures import fixture_image  # noqa: E402
from mobilei2v.bundle_io import io_spec, save_bin, sha256  # noqa: E402,F401 (export_full.py reads them here)

OPSET = 17
W, H, FR, FPS = NANO['video']          # the working size the nets see the picture at
OUT_W, OUT_H = 1280, 720               # the default video: the picture warped at this size
OUTPUT_SIZES = [[640, 360], [960, 540], [1280, 720], [1920, 1080]]
FIXTURE_W, FIXTURE_H = 512, 288        # the run fixture's output size (2x the working size: a box mean)


class EncoderGraph(nn.Module):
    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, image):
        return self.enc(image).unsqueeze(2)


class DecoderGraph(nn.Module):
    def __init__(self, dec):
        super().__init__()
        self.dec = dec

    def forward(self, latent_prev, latent_cur, phase):
        return self.dec(latent_prev, latent_cur, phase)


class FlowDecoderGraph(nn.Module):
    def __init__(self, dec):
        super().__init__()
        self.dec = dec

    def forward(self, latent_first, latent_prev, latent_cur, phase, picture):
        return self.dec(latent_first, latent_prev, latent_cur, phase, picture)


class FoldedTimestep(nn.Module):
    """Timestep embedding as a lookup over the distilled timesteps: emb = sum_i [t == v_i] * E_i.
    Replaces the per-frame sinusoid + MLP with one tiny matmul (mobile variant)."""

    def __init__(self, embedder, values):
        super().__init__()
        with torch.no_grad():
            table = embedder(torch.tensor(values, dtype=torch.float32))
        self.register_buffer('values', torch.tensor(values, dtype=torch.float32))
        self.register_buffer('table', table)

    def forward(self, t):
        onehot = (t.unsqueeze(-1) == self.values).float()
        return torch.matmul(onehot, self.table)


def export(module, args, path, in_names, out_names):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.eval()
    # the flow decoder computes its camera-search taps from 0.5 MB of sampling points; folding
    # them into constants would store 3 MB of tables per variant (ONNX Runtime folds them in
    # memory when the session is created, so the run is the same)
    fold = not isinstance(module, FlowDecoderGraph)
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=in_names, output_names=out_names,
                          opset_version=OPSET, do_constant_folding=fold)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    store_weights_externally(path)   # graphs over 64 MB: weights in <graph>.onnx.data (nano: all inline)


def to_fp16_weights(path):
    """Store float initializers as fp16 and Cast them back to fp32 in the graph: half the
    file size and memory traffic for weights; compute stays fp32 where the EP has no fp16."""
    m = onnx.load(path)
    g = m.graph
    new_inits, casts = [], []
    for init in g.initializer:
        if init.data_type == TensorProto.FLOAT and numpy_helper.to_array(init).size >= 16:
            arr = numpy_helper.to_array(init).astype(np.float16)
            h = numpy_helper.from_array(arr, init.name + '_fp16')
            new_inits.append(h)
            casts.append(helper.make_node('Cast', [h.name], [init.name], to=TensorProto.FLOAT,
                                          name='cast_' + init.name))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    store_weights_externally(path)


def fp16_rounded(module):
    """A copy whose weights are rounded through fp16 - the PyTorch twin of the mobile graph."""
    import copy
    m = copy.deepcopy(module)
    with torch.no_grad():
        for p in m.parameters():
            if p.numel() >= 16:
                p.copy_(p.half().float())
    return m


def box_mean(u8, w=W, h=H):
    """uint8 [H',W',3] at an integer multiple of w x h -> float [1,3,h,w] in [-1,1] (the Java
    pipeline's AreaDownscale: a plain box mean for integer ratios)."""
    t = torch.from_numpy(u8.astype(np.float32)).permute(2, 0, 1).unsqueeze(0)
    k = t.shape[-1] // w
    assert t.shape[-1] == k * w and t.shape[-2] == k * h, 'fixture size must be an integer multiple of the working size'
    return F.avg_pool2d(t, k) / 127.5 - 1


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap.add_argument('--run', default=os.path.join(here, 'runs', 'nano'))
    ap.add_argument('--out', default=os.path.join(repo, 'assets', 'models', 'mobilei2v-nano'))
    ap.add_argument('--version', default='0.1.0')
    ap.add_argument('--two-step-mid', type=float, default=0.5)
    ap.add_argument('--fixture-image', default=os.path.join(repo, 'assets', 'samples', 'fixture.png'))
    args = ap.parse_args()
    torch.set_num_threads(2)
    ae, teacher, student, trained = load_models(args.run)
    out = args.out
    tmp = out + '.partial'
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    lc, lf, lh, lw = NANO['latent_channels'], *NANO['latent_grid']
    img = torch.zeros(1, 3, H, W)
    lat = torch.zeros(1, lc, lf, lh, lw)
    ts = torch.tensor([[0.0, 1000.0, 1000.0]])
    ms = torch.tensor([2.0])
    cam = torch.tensor([1], dtype=torch.long)
    z2 = torch.zeros(1, lc, lh, lw)
    ph = torch.tensor([0.5])
    flow = ae.flow_decoder

    graphs = {
        'encoder': (EncoderGraph(ae.encoder), (img,), ['image'], ['latent']),
        'denoiser': (student, (lat, ts, ms, cam), ['latents', 'timestep', 'motion_score', 'camera'], ['velocity']),
        'denoiser_teacher': (teacher, (lat, ts, ms, cam), ['latents', 'timestep', 'motion_score', 'camera'], ['velocity']),
        'decoder': (FlowDecoderGraph(flow), (z2, z2, z2, ph, img),
                    ['latent_first', 'latent_prev', 'latent_cur', 'phase', 'picture'], ['maps']),
    }
    two = [1.0, args.two_step_mid, 0.0]
    fold_values = sorted({0.0, 1000.0, args.two_step_mid * 1000.0})
    # mobile twins: fp16-rounded weights, head-tiled softmax, folded timestep table
    mobile_student = fp16_rounded(student)
    mobile_student.set_head_tiled(True)
    mobile_student.t_embedder = FoldedTimestep(mobile_student.t_embedder, fold_values)
    with torch.no_grad():  # the ONNX graph stores this table as fp16 too: keep the twin identical
        mobile_student.t_embedder.table.copy_(mobile_student.t_embedder.table.half().float())
    mobile = {
        'encoder': (EncoderGraph(fp16_rounded(ae.encoder)),) + graphs['encoder'][1:],
        'denoiser': (mobile_student,) + graphs['denoiser'][1:],
        'decoder': (FlowDecoderGraph(fp16_rounded(flow)),) + graphs['decoder'][1:],
    }
    files = {}
    variants = {'desktop': {'precision': 'fp32', 'optimisations': [], 'graphs': {}},
                'mobile': {'precision': 'fp16-weights',
                           'optimisations': ['fp16 weights (Cast to fp32 at load)',
                                             'softmax attention tiled head by head',
                                             'timestep embedding folded to the distilled timesteps '
                                             + str(fold_values)],
                           'schedules': ['distilled-1', 'distilled-2'],
                           'graphs': {}}}
    flops = {}
    specs = {}
    for variant, table in (('desktop', graphs), ('mobile', mobile)):
        for role, (mod, a, ins, outs) in table.items():
            rel = f'{variant}/{role}.onnx'
            path = os.path.join(tmp, rel)
            export(mod, a, path, ins, outs)
            if variant == 'mobile':
                to_fp16_weights(path)
            variants[variant]['graphs'][role] = rel
            if variant == 'desktop':
                specs[role] = io_spec(path)
                flops[role] = graph_flops(path)
    # int8: the student denoiser's MatMul weights quantised, activations quantised per call
    n_q = quantize_matmuls(os.path.join(tmp, 'desktop/denoiser.onnx'), os.path.join(tmp, 'int8/denoiser.onnx'))
    variants['desktop-int8'] = {
        'precision': 'int8-dynamic',
        'optimisations': [f'{n_q} MatMul weights int8 per output column, activations quantised per call '
                          '(DynamicQuantizeLinear + MatMulInteger); encoder and decoder fp32'],
        'schedules': ['distilled-1', 'distilled-2'],
        'graphs': {'encoder': 'desktop/encoder.onnx', 'denoiser': 'int8/denoiser.onnx',
                   'decoder': 'desktop/decoder.onnx'}}

    # fixtures: each desktop graph + mobile graphs, then one whole 1-step run
    fx = os.path.join(tmp, 'fixtures')
    os.makedirs(fx)
    g = torch.Generator().manual_seed(1234)
    if os.path.exists(args.fixture_image):
        picture_u8 = fixture_image(args.fixture_image, FIXTURE_W, FIXTURE_H, as_bytes=True)
    else:
        picture_u8 = (torch.rand(FIXTURE_H, FIXTURE_W, 3, generator=g) * 255).round().byte().numpy()
    image = box_mean(picture_u8)
    cases = []
    with torch.no_grad():
        z0 = graphs['encoder'][0](image)
        lat_in = torch.randn(1, lc, lf, lh, lw, generator=g)
        lat_in[:, :, :1] = z0
        inputs = {
            'encoder': {'image': image},
            'denoiser': {'latents': lat_in, 'timestep': torch.tensor([[0.0, 1000.0, 1000.0]]),
                         'motion_score': torch.tensor([2.0]), 'camera': torch.tensor([2], dtype=torch.long)},
            'decoder': {'latent_first': z0[:, :, 0], 'latent_prev': z0[:, :, 0], 'latent_cur': lat_in[:, :, 1],
                        'phase': torch.tensor([0.375]), 'picture': image},
        }
        inputs['denoiser_teacher'] = dict(inputs['denoiser'], timestep=torch.tensor([[0.0, 731.0, 731.0]]))
        for variant, table in (('desktop', graphs), ('mobile', mobile)):
            for role, (mod, _, ins, outs) in table.items():
                inp = inputs[role]
                if variant == 'mobile' and role == 'denoiser':
                    inp = dict(inp, timestep=torch.tensor([[0.0, 500.0, 500.0]]))
                res = mod(*[inp[n] for n in ins])
                pre = f'{variant}_{role}'
                cases.append({
                    'graph': role, 'variant': variant,
                    'inputs': {n: save_bin(fx, f'{pre}_in_{n}.bin', inp[n].numpy()) for n in ins},
                    'outputs': {outs[0]: save_bin(fx, f'{pre}_out_{outs[0]}.bin', res.numpy())},
                    'atol': 1e-4 if role != 'denoiser_teacher' else 1e-3,
                    'rtol': 1e-4,
                })
        # the whole 1-step run, exactly as docs/BUNDLE.md describes it
        seed, motion, camera = 7, 2.0, 'pan-right'
        noise = torch.from_numpy(seeded_noise(seed, (1, lc, lf, lh, lw)))
        x = noise.clone()
        x[:, :, :1] = z0
        sig = DISTILLED['distilled-1']
        ci = torch.tensor([CAMERA_CLASSES.index(camera)], dtype=torch.long)
        for s, s_next in zip(sig[:-1], sig[1:]):
            t = torch.tensor([[0.0] + [s * 1000.0] * (lf - 1)])
            v = student(x, t, torch.tensor([motion]), ci)
            x = x + (s_next - s) * v
            x[:, :, :1] = z0
        frame_ids = [0, 1, 8, 9, 16]  # the picture, the first warped frame, both keyframes and the one after
        frames = [picture_u8]  # frame 0 is the picture itself
        picture = torch.from_numpy(picture_u8.astype(np.float32)).permute(2, 0, 1).unsqueeze(0) / 127.5 - 1
        for f, (kp, kc, p) in enumerate(frame_plan(FR, AE_NANO['temporal_ratio'])):
            if f not in frame_ids[1:]:
                continue
            maps = flow(x[:, :, 0], x[:, :, kp], x[:, :, kc], torch.tensor([p]), image)
            y = compose(picture, maps)
            frames.append(torch.round(((y[0] + 1) * 127.5).clamp(0, 255)).byte().permute(1, 2, 0).numpy())
        run = {'name': 'one-step', 'variant': 'desktop', 'schedule': 'distilled-1', 'seed': seed,
               'motion_score': motion, 'camera': camera,
               'image': save_bin(fx, 'run_picture_u8.bin', picture_u8),
               'noise': save_bin(fx, 'run_noise.bin', noise.numpy()),
               'latents': dict(save_bin(fx, 'run_latents.bin', x.numpy()), atol=1e-3),
               'frames': dict(save_bin(fx, 'run_frames_u8.bin', np.stack(frames)), max_abs_diff=2, frame_ids=frame_ids)}
    with open(os.path.join(fx, 'fixtures.json'), 'w') as f:
        json.dump({'graphs': cases, 'runs': [run]}, f, indent=1)

    # the model card lives in model/MODEL_CARD.md (written by evaluate.py) and ships hashed
    card_src = os.path.join(here, 'MODEL_CARD.md')
    if os.path.exists(card_src):
        shutil.copy(card_src, os.path.join(tmp, 'MODEL_CARD.md'))
    picture_src = os.path.join(here, 'side_by_side.jpg')  # the card's picture (make_side_by_side.py)
    if os.path.exists(picture_src):
        shutil.copy(picture_src, os.path.join(tmp, 'side_by_side.jpg'))
    for dirpath, _, fnames in os.walk(tmp):
        for fn in sorted(fnames):
            p = os.path.join(dirpath, fn)
            rel = os.path.relpath(p, tmp)
            files[rel] = {'sha256': sha256(p), 'bytes': os.path.getsize(p)}

    is_random = 'teacher' not in trained
    tsched = teacher_sigmas(20)
    manifest = {
        'format': 'mobilei2v-bundle/1',
        'name': 'mobilei2v-nano',
        'version': args.version + ('-random' if is_random else ''),
        'license': 'Apache-2.0 (weights trained by MobileI2V Studio); training images: Debian packages '
                   'gnome-backgrounds, plasma-workspace-wallpapers, mate-backgrounds, python3-skimage '
                   '(licences in MODEL_CARD.md)',
        'provenance': ('RANDOM WEIGHTS - not trained; for building and testing only' if is_random else
                       'Trained from scratch on procedural camera-motion clips; see MODEL_CARD.md'),
        'exported': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'parameters': {'denoiser': count_parameters(student), 'encoder': count_parameters(ae.encoder),
                       'decoder': count_parameters(flow)},
        'video': {'width': OUT_W, 'height': OUT_H, 'frames': FR, 'fps': FPS, 'sizes': OUTPUT_SIZES},
        'decoder': {'kind': 'flow-warp', 'working': {'width': W, 'height': H},
                    'maps': {'width': W // 2, 'height': H // 2, 'channels': MAP_CHANNELS}},
        'latent': {'channels': lc, 'frames': lf, 'height': lh, 'width': lw,
                   'spatial_ratio': AE_NANO['spatial_ratio'], 'temporal_ratio': AE_NANO['temporal_ratio'],
                   'scaling_factor': 1.0},
        'image': {'range': [-1.0, 1.0], 'layout': 'NCHW', 'channels': 'RGB', 'fit': 'crop'},
        'sampler': {
            'type': 'rectified-flow-euler', 'timestep_scale': 1000.0, 'shift': 3.0,
            'default_schedule': 'distilled-1',
            'schedules': [
                {'name': 'distilled-1', 'kind': 'distilled', 'steps': 1, 'sigmas': DISTILLED['distilled-1'], 'denoiser': 'denoiser'},
                {'name': 'distilled-2', 'kind': 'distilled', 'steps': 2, 'sigmas': two, 'denoiser': 'denoiser'},
                {'name': 'teacher-20', 'kind': 'teacher', 'steps': 20, 'sigmas': tsched, 'denoiser': 'denoiser_teacher'},
            ],
        },
        'conditioning': {
            'motion_score': {'min': MOTION_RANGE[0], 'max': MOTION_RANGE[1], 'default': MOTION_DEFAULT,
                             'unit': f'pan/tilt: {PIXELS_PER_FRAME_PER_SCORE} px of content motion per frame per '
                                     f'unit at 256x144; zoom: {ZOOM_PER_FRAME_PER_SCORE * 100:.1f}% scale per frame per unit'},
            'camera_motion': {'classes': CAMERA_CLASSES, 'default': 'pan-left'},
            'text': None,
        },
        'graphs': specs,
        'variants': variants,
        'flops': flops,
        'files': files,
        'fixtures': 'fixtures/fixtures.json',
        'training': trained and {k: {'steps': v.get('step'), 'seconds': round(v.get('elapsed_s', 0)),
                                     'where': v.get('where', [])} for k, v in trained.items()},
    }
    with open(os.path.join(tmp, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    old = out + '.old'
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(out):
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
    total = sum(v['bytes'] for v in files.values())
    print(f'bundle {out}: {len(files)} files, {total / 1e6:.1f} MB, random={is_random}')


if __name__ == '__main__':
    main()
