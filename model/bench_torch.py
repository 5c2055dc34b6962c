"""The PyTorch peer: the same full-size denoiser and weights as export_full.py (the published
Mobiledit tree, its plain forward as the published code runs it, through the bundle contract), in PyTorch
eager on CPU (Debian's python3-torch + OpenBLAS), timed on the same inputs with the same
thread count. Prints a JSON line; bench_peer.sh puts it beside the ONNX Runtime figure.

usage: python3 model/bench_torch.py [--weights /tmp/mobilei2v-full/weights.pt] [--threads 2] [--runs 3]
"""
import argparse
import json
import os
import time

import torch

from mobilei2v.config import FULL
from mobilei2v.official.convert import BundleDenoiser
from mobilei2v.official.mobiledit import Mobiledit


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--weights', default='/tmp/mobilei2v-full/weights.pt')
    ap.add_argument('--threads', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--flops', type=float, default=None, help='FLOPs per denoiser call (manifest)')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model = Mobiledit().eval()
    model.load_state_dict(torch.load(args.weights, map_location='cpu')['denoiser'], strict=True)
    den = BundleDenoiser(model).eval()
    g = torch.Generator().manual_seed(0)
    c, (f, h, w) = FULL['latent_channels'], FULL['latent_grid']
    x = torch.randn(1, c, f, h, w, generator=g)
    t = torch.tensor([[0.0, 1000.0, 1000.0]])
    m = torch.tensor([1.0])
    times = []
    with torch.no_grad():
        den(x, t, m)  # warm-up
        for _ in range(args.runs):
            t0 = time.perf_counter()
            den(x, t, m)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p50 = times[len(times) // 2]
    out = {'peer': 'pytorch-eager', 'torch': torch.__version__, 'threads': args.threads, 'runs': args.runs,
           'denoiser_ms': {'p50': round(p50, 1), 'min': round(times[0], 1)}}
    if args.flops:
        out['gflops_achieved'] = round(args.flops / (p50 / 1000) / 1e9, 1)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
