"""Convert a published MobileI2V checkpoint (.pth or .safetensors) into bundle parts.

usage: python3 model/convert_official.py CHECKPOINT [--vae DIR] --out BUNDLE [--grid T H W]

Checks every key and shape (a wrong file names the key), writes BUNDLE/desktop/denoiser.onnx in the
bundle's denoiser contract (fp32) and BUNDLE/fixtures/denoiser/ (inputs and PyTorch's output). A
bundle needs the encoder and decoder graphs of the LTX-Video VAE as well; their conversion is not
written yet, so no manifest.json is written and the command says what is missing (exit 2).
"""
import argparse
import os
import sys

import torch

from mobilei2v.official.convert import export_bundle_denoiser, load_published, write_fixture


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('checkpoint')
    ap.add_argument('--vae', help='diffusers AutoencoderKLLTXVideo folder (conversion not written yet)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--grid', type=int, nargs=3, default=[3, 23, 40], metavar=('T', 'H', 'W'),
                    help='latent grid the graph is fixed to (default 3 23 40: 17 frames of 736x1280)')
    a = ap.parse_args(argv)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    model = load_published(a.checkpoint)
    os.makedirs(os.path.join(a.out, 'desktop'), exist_ok=True)
    fixture_dir = os.path.join(a.out, 'fixtures', 'denoiser')
    os.makedirs(fixture_dir, exist_ok=True)
    tensors = export_bundle_denoiser(model, os.path.join(a.out, 'desktop', 'denoiser.onnx'), tuple(a.grid))
    write_fixture(fixture_dir, tensors)
    print(f'{a.out}/desktop/denoiser.onnx and {fixture_dir}: written')
    missing = 'the LTX-Video VAE encoder and decoder graphs (issue 14 step 4: mobilei2v/official/ltx_vae.py)'
    if a.vae:
        print(f'--vae {a.vae}: converting the VAE is not written yet; missing: {missing}', file=sys.stderr)
    else:
        print(f'no --vae given; missing: {missing}', file=sys.stderr)
    print('no manifest.json written: the bundle is incomplete without them', file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main())
