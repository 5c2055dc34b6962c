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
import hashlib
import json
import os
import shutil
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper, helper, TensorProto
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mobilei2v.autoencoder import VideoAutoencoder, frame_plan  # noqa: E402
from mobilei2v.config import AE_NANO, NANO, CAMERA_CLASSES, MOTION_RANGE, MOTION_DEFAULT, \
    PIXELS_PER_FRAME_PER_SCORE, ZOOM_PER_FRAME_PER_SCORE  # noqa: E402
from mobilei2v.dit import Denoiser, count_parameters, sinusoidal  # noqa: E402
from mobilei2v.noise import seeded_noise  # noqa: E402
from mobilei2v.schedule import DISTILLED, teacher_sigmas  # noqa: E402
from mobilei2v.flops import graph_flops  # noqa: E402
from mobilei2v.quantize import quantize_matmuls  # noqa: E402

OPSET = 17
W, H, FR, FPS = NANO['video']


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


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def export(module, args, path, in_names, out_names):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=in_names, output_names=out_names,
                          opset_version=OPSET, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)


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


def io_spec(path):
    m = onnx.load(path)
    inits = {i.name for i in m.graph.initializer}

    def spec(v):
        t = v.type.tensor_type
        dt = {TensorProto.FLOAT: 'float32', TensorProto.INT64: 'int64', TensorProto.FLOAT16: 'float16'}[t.elem_type]
        return {'name': v.name, 'dtype': dt, 'shape': [d.dim_value for d in t.shape.dim]}
    return {'inputs': [spec(v) for v in m.graph.input if v.name not in inits],
            'outputs': [spec(v) for v in m.graph.output]}


def save_bin(d, name, arr):
    arr = np.ascontiguousarray(arr)
    arr.astype(arr.dtype.newbyteorder('<')).tofile(os.path.join(d, name))
    return {'file': name, 'dtype': str(arr.dtype), 'shape': list(arr.shape)}


def fp16_rounded(module):
    """A copy whose weights are rounded through fp16 - the PyTorch twin of the mobile graph."""
    import copy
    m = copy.deepcopy(module)
    with torch.no_grad():
        for p in m.parameters():
            if p.numel() >= 16:
                p.copy_(p.half().float())
    return m


def load_models(run):
    ae = VideoAutoencoder(AE_NANO)
    teacher = Denoiser(NANO)
    student = Denoiser(NANO)
    trained = {}
    p = os.path.join(run, 'autoencoder.pt')
    if os.path.exists(p):
        ae.load_state_dict(torch.load(p, map_location='cpu')['modules']['ae'])
        trained['autoencoder'] = torch.load(p, map_location='cpu')['meta']
    p = os.path.join(run, 'teacher.pt')
    if os.path.exists(p):
        ck = torch.load(p, map_location='cpu')
        teacher.load_state_dict(ck['modules']['ema'])
        student.load_state_dict(ck['modules']['ema'])
        trained['teacher'] = ck['meta']
    p = os.path.join(run, 'student.pt')
    if os.path.exists(p):
        ck = torch.load(p, map_location='cpu')
        student.load_state_dict(ck['modules']['student'])
        trained['student'] = ck['meta']
    if 'teacher' not in trained:
        # random weights: give the untrained residual head some output so tests see real numbers
        torch.manual_seed(0)
        for d in (teacher, student):
            nn.init.normal_(d.final_linear.weight, std=0.02)
    for m in (ae, teacher, student):
        m.eval()
    return ae, teacher, student, trained


def fixture_image(path):
    from PIL import Image
    im = Image.open(path).convert('RGB')
    w, h = im.size
    s = max(W / w, H / h)
    im = im.resize((max(W, round(w * s)), max(H, round(h * s))), Image.BICUBIC)
    w, h = im.size
    l, t = (w - W) // 2, (h - H) // 2
    im = im.crop((l, t, l + W, t + H))
    return (torch.from_numpy(np.asarray(im).copy()).permute(2, 0, 1).float() / 127.5 - 1).unsqueeze(0)


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

    graphs = {
        'encoder': (EncoderGraph(ae.encoder), (img,), ['image'], ['latent']),
        'denoiser': (student, (lat, ts, ms, cam), ['latents', 'timestep', 'motion_score', 'camera'], ['velocity']),
        'denoiser_teacher': (teacher, (lat, ts, ms, cam), ['latents', 'timestep', 'motion_score', 'camera'], ['velocity']),
        'decoder': (DecoderGraph(ae.decoder), (z2, z2, ph), ['latent_prev', 'latent_cur', 'phase'], ['frame']),
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
        'decoder': (DecoderGraph(fp16_rounded(ae.decoder)),) + graphs['decoder'][1:],
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
    image = fixture_image(args.fixture_image) if os.path.exists(args.fixture_image) else torch.rand(1, 3, H, W, generator=g) * 2 - 1
    cases = []
    with torch.no_grad():
        z0 = graphs['encoder'][0](image)
        lat_in = torch.randn(1, lc, lf, lh, lw, generator=g)
        lat_in[:, :, :1] = z0
        inputs = {
            'encoder': {'image': image},
            'denoiser': {'latents': lat_in, 'timestep': torch.tensor([[0.0, 1000.0, 1000.0]]),
                         'motion_score': torch.tensor([2.0]), 'camera': torch.tensor([2], dtype=torch.long)},
            'decoder': {'latent_prev': z0[:, :, 0], 'latent_cur': lat_in[:, :, 1], 'phase': torch.tensor([0.375])},
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
        frames = []
        for kp, kc, p in frame_plan(FR, AE_NANO['temporal_ratio']):
            y = ae.decoder(x[:, :, kp], x[:, :, kc], torch.tensor([p]))
            frames.append(torch.round(((y[0] + 1) * 127.5).clamp(0, 255)).byte().permute(1, 2, 0).numpy())
        run = {'name': 'one-step', 'variant': 'desktop', 'schedule': 'distilled-1', 'seed': seed,
               'motion_score': motion, 'camera': camera,
               'image': save_bin(fx, 'run_image.bin', image.numpy()),
               'noise': save_bin(fx, 'run_noise.bin', noise.numpy()),
               'latents': dict(save_bin(fx, 'run_latents.bin', x.numpy()), atol=1e-3),
               'frames': dict(save_bin(fx, 'run_frames_u8.bin', np.stack(frames)), max_abs_diff=2)}
    with open(os.path.join(fx, 'fixtures.json'), 'w') as f:
        json.dump({'graphs': cases, 'runs': [run]}, f, indent=1)

    # the model card lives in model/MODEL_CARD.md (written by evaluate.py) and ships hashed
    card_src = os.path.join(here, 'MODEL_CARD.md')
    if os.path.exists(card_src):
        shutil.copy(card_src, os.path.join(tmp, 'MODEL_CARD.md'))
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
                       'decoder': count_parameters(ae.decoder)},
        'video': {'width': W, 'height': H, 'frames': FR, 'fps': FPS},
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
