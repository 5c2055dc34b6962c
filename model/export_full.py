"""Export the FULL-size reference bundle (random weights) for performance work.

The denoiser is the published tree itself (mobilei2v/official/mobiledit.py, Mobiledit_300M_P1_D16:
267,218,048 parameters in the published key layout, random weights from seed 0, the same as
`make_random_official.py --out DIR` writes) in the graph forms convert_official.py exports
(Mobiledit.set_export_fusions: softmax attention in query tiles; the 1x1 convs as MatMuls in the token
form the int8 graphs are quantised from, kept as convs in fp32, where ONNX Runtime runs them faster), with the
converter's denoiser contract (latents, timestep, motion_score), at 1280x720x17, latents
128 x 3 x 23 x 40. The encoder and decoder are of the published CLASS, not the published
networks (whose weights we cannot download): a keyframe autoencoder with LTX-Video's latent
geometry (32x32 spatial, 8x temporal, 128 channels; the 720-row frame is padded to 736 in
the encoder graph and the decoder's 736 rows are cropped to 720 in its graph) and a
streaming decoder sized like a mobile decoder (Turbo-VAED class), one call per frame.
Weights are random: these graphs measure speed and memory, never quality.

Writes to --out (default /tmp/mobilei2v-full; about 1 GB - never commit it):
  desktop/{encoder,denoiser,decoder}.onnx, mobile/denoiser.onnx (head-tiled softmax),
  int8/ and mobile-int8/denoiser.onnx (quantize_matmuls), with --plain also plain/denoiser.onnx
  (variant desktop-plain: the plain forward's graph, to measure the export forms against),
  weights.pt (the same weights for the PyTorch peer benchmark, bench_torch.py), manifest.json.

usage: python3 model/export_full.py [--out /tmp/mobilei2v-full] [--plain]
"""
import argparse
import json
import os
import shutil
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from mobilei2v.autoencoder import Res  # noqa: E402
from mobilei2v.config import FULL  # noqa: E402
from mobilei2v.dit import count_parameters  # noqa: E402
from mobilei2v.flops import graph_flops  # noqa: E402
from mobilei2v.quantize import quantize_matmuls  # noqa: E402
from mobilei2v.schedule import DISTILLED, teacher_sigmas  # noqa: E402
from mobilei2v.bundle_io import io_spec, sha256  # noqa: E402
from mobilei2v.onnx_export import export  # noqa: E402

W, H, FR, FPS = FULL['video']
C = FULL['latent_channels']
LF, LH, LW = FULL['latent_grid']

from mobilei2v.official.convert import export_bundle_denoiser  # noqa: E402
from mobilei2v.official.denoiser_variants import CONTRIB_OPS, HEAD_TILED  # noqa: E402
from mobilei2v.official.mobiledit import Mobiledit  # noqa: E402


class FullEncoder(nn.Module):
    """1280x720 -> pad to 1280x736 -> 5 stride-2 stages -> 128 x 23 x 40."""

    def __init__(self, ch=(32, 64, 128, 256, 512)):
        super().__init__()
        layers, cin = [], 3
        for i, c in enumerate(ch):
            layers += [nn.Conv2d(cin, c, 3, stride=2, padding=1), nn.SiLU()]
            if i >= 2:
                layers.append(Res(c))
            cin = c
        layers.append(nn.Conv2d(cin, C, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, image):
        pad = torch.zeros(image.shape[0], 3, 8, W)  # 720 -> 736 rows (23 x 32); a Pad node would
        x = torch.cat([pad, image, pad], dim=2)    # lose the static shapes in ONNX shape inference
        return self.net(x).unsqueeze(2)


class FullDecoder(nn.Module):
    """(latent_prev, latent_cur, phase) -> one 720p frame (736 rows decoded, cropped to 720)."""

    def __init__(self, ch=(512, 256, 128, 64, 32)):
        super().__init__()
        self.inp = nn.Conv2d(2 * C + 1, ch[0], 1)
        self.res = nn.Sequential(Res(ch[0]), Res(ch[0]))
        self.ups = nn.ModuleList(nn.Conv2d(a, b, 3, padding=1) for a, b in zip(ch[:-1], ch[1:]))
        self.to_rgb = nn.Conv2d(ch[-1], 12, 3, padding=1)

    def forward(self, latent_prev, latent_cur, phase):
        b, _, h, w = latent_cur.shape
        p = phase.reshape(-1, 1, 1, 1).expand(b, 1, h, w)
        x = self.res(self.inp(torch.cat([latent_prev, latent_cur, p], 1)))
        for up in self.ups:
            x = F.silu(up(F.interpolate(x, scale_factor=2.0, mode='nearest')))
        y = F.pixel_shuffle(self.to_rgb(x), 2)   # 736 x 1280
        return y[:, :, 8:8 + H]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default='/tmp/mobilei2v-full')
    ap.add_argument('--threads', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--plain', action='store_true',
                    help='also the variant desktop-plain: the denoiser without the export forms')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    den, enc, dec = Mobiledit().eval(), FullEncoder().eval(), FullDecoder().eval()
    out = args.out
    os.makedirs(out, exist_ok=True)
    torch.save({'denoiser': den.state_dict(), 'encoder': enc.state_dict(), 'decoder': dec.state_dict()},
               os.path.join(out, 'weights.pt'))
    z = torch.zeros(1, C, LH, LW)
    t0 = time.time()
    export(enc, (torch.zeros(1, 3, H, W),), os.path.join(out, 'desktop/encoder.onnx'), ['image'], ['latent'])
    export(dec, (z, z, torch.tensor([0.5])), os.path.join(out, 'desktop/decoder.onnx'),
           ['latent_prev', 'latent_cur', 'phase'], ['frame'])
    grid = (LF, LH, LW)
    if args.plain:
        os.makedirs(os.path.join(out, 'plain'), exist_ok=True)
        export_bundle_denoiser(den, os.path.join(out, 'plain/denoiser.onnx'), grid)
    # graph forms for ONNX Runtime (weights.pt and the peer stay plain): fp32 keeps the 1x1 convs (faster
    # there); int8 (issue 6: MatMul weights int8 per output column, activations quantised per call) is
    # quantised from the token form, on the plain graph and on the head-tiled one (the low-memory combination)
    scratch = os.path.join(out, 'scratch')
    for sub, tiled in (('desktop', False), ('mobile', True)):
        for tokens, folder in ((False, out), (True, scratch)):
            os.makedirs(os.path.join(folder, sub), exist_ok=True)
            den.set_export_fusions(True, tokens=tokens)
            den.set_head_tiled(tiled)
            export_bundle_denoiser(den, os.path.join(folder, f'{sub}/denoiser.onnx'), grid)
    n_q = quantize_matmuls(os.path.join(scratch, 'desktop/denoiser.onnx'), os.path.join(out, 'int8/denoiser.onnx'))
    quantize_matmuls(os.path.join(scratch, 'mobile/denoiser.onnx'), os.path.join(out, 'mobile-int8/denoiser.onnx'))
    shutil.rmtree(scratch)
    print(f'exported in {time.time() - t0:.0f} s ({n_q} MatMuls quantised)', flush=True)
    graphs = {r: f'desktop/{r}.onnx' for r in ('encoder', 'denoiser', 'decoder')}
    mobile = dict(graphs, denoiser='mobile/denoiser.onnx')
    int8 = dict(graphs, denoiser='int8/denoiser.onnx')
    mobile_int8 = dict(graphs, denoiser='mobile-int8/denoiser.onnx')
    plain = {'desktop-plain': {'precision': 'fp32', 'optimisations': ['the plain forward (no export forms)'],
                               'graphs': dict(graphs, denoiser='plain/denoiser.onnx')}} if args.plain else {}
    int8_note = f'{n_q} MatMul weights int8 per output column, activations quantised per call (DynamicQuantizeLinear)'
    files = {}
    for dirpath, _, names in os.walk(out):
        for n in names:
            p = os.path.join(dirpath, n)
            rel = os.path.relpath(p, out)
            if rel in ('manifest.json', 'weights.pt'):
                continue
            files[rel] = {'sha256': sha256(p), 'bytes': os.path.getsize(p)}
    manifest = {
        'format': 'mobilei2v-bundle/1', 'name': 'mobilei2v-full-reference', 'version': '0.1.0-random',
        'license': 'Apache-2.0', 'provenance': 'RANDOM WEIGHTS (seed 0) - the published Mobiledit_300M_P1_D16 tree; '
                                              'encoder/decoder of the published class (see model/export_full.py)',
        'parameters': {'denoiser': count_parameters(den), 'encoder': count_parameters(enc),
                       'decoder': count_parameters(dec)},
        'video': {'width': W, 'height': H, 'frames': FR, 'fps': FPS},
        'latent': {'channels': C, 'frames': LF, 'height': LH, 'width': LW, 'spatial_ratio': 32,
                   'temporal_ratio': 8, 'scaling_factor': 1.0},
        'image': {'range': [-1.0, 1.0], 'layout': 'NCHW', 'channels': 'RGB', 'fit': 'crop'},
        'sampler': {'type': 'rectified-flow-euler', 'timestep_scale': 1000.0, 'shift': 3.0,
                    'default_schedule': 'distilled-1',
                    'schedules': [
                        {'name': 'distilled-1', 'kind': 'distilled', 'steps': 1, 'sigmas': DISTILLED['distilled-1'], 'denoiser': 'denoiser'},
                        {'name': 'distilled-2', 'kind': 'distilled', 'steps': 2, 'sigmas': [1.0, 0.0089, 0.0], 'denoiser': 'denoiser'},
                        {'name': 'teacher-30', 'kind': 'teacher', 'steps': 30, 'sigmas': teacher_sigmas(30), 'denoiser': 'denoiser'}]},
        'conditioning': {'motion_score': {'min': 0.0, 'max': 5.0, 'default': 1.0, 'unit': "the published 'flow score'"},
                         'camera_motion': None, 'text': None},
        'graphs': {r: io_spec(os.path.join(out, p)) for r, p in graphs.items()},
        'variants': {'desktop': {'precision': 'fp32', 'optimisations': [CONTRIB_OPS], 'graphs': graphs},
                     'mobile': {'precision': 'fp32', 'optimisations': [HEAD_TILED, CONTRIB_OPS], 'graphs': mobile},
                     'desktop-int8': {'precision': 'int8-dynamic', 'optimisations': [int8_note, CONTRIB_OPS],
                                      'graphs': int8},
                     'mobile-int8': {'precision': 'int8-dynamic', 'optimisations': [int8_note, HEAD_TILED, CONTRIB_OPS],
                                     'graphs': mobile_int8}, **plain},
        'flops': {r: graph_flops(os.path.join(out, p)) for r, p in graphs.items()},
        'files': files,
    }
    with open(os.path.join(out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps({k: manifest[k] for k in ('parameters', 'flops')}, indent=1))


if __name__ == '__main__':
    main()
