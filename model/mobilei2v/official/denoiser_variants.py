"""The converted bundle's denoiser variants (docs/BUNDLE.md "variants"): desktop (fp32), mobile (fp32, softmax
attention head by head), desktop-int8 and mobile-int8 (their MatMul weights int8, mobilei2v/quantize.py), each
with a PyTorch fixture. The encoder and decoder graphs are shared by every variant."""
import os
import shutil

import torch

from ..bundle_io import io_spec, save_bin
from ..flops import graph_flops
from ..quantize import EmulatedInt8, quantize_matmuls
from .convert import BundleDenoiser, export_bundle_denoiser

VARIANTS = ('desktop', 'mobile', 'desktop-int8', 'mobile-int8')
FILES = {'desktop': 'desktop/denoiser.onnx', 'mobile': 'mobile/denoiser.onnx',
         'desktop-int8': 'int8/denoiser.onnx', 'mobile-int8': 'mobile-int8/denoiser.onnx'}
HEAD_TILED = 'softmax attention tiled head by head'
CONTRIB_OPS = ('RoPE and each residual add + LayerNorm as ONNX Runtime contrib ops '
               '(com.microsoft RotaryEmbedding, SkipLayerNormalization)')
INT8_MARGIN = 2.0   # int8 fixture atol: this times PyTorch's emulated int8 error (docs/BUNDLE.md, fixtures)


def chosen(names):
    """The variants asked for, in VARIANTS order; ValueError naming an unknown one or none at all."""
    names = list(names or VARIANTS)
    unknown = [n for n in names if n not in VARIANTS]
    if unknown or not names:
        raise ValueError(f'--variants: {", ".join(unknown) or "none given"}: the variants are {", ".join(VARIANTS)}')
    return tuple(v for v in VARIANTS if v in names)


def _fp32(variant):
    return variant[:-len('-int8')] if variant.endswith('-int8') else variant


def export_denoisers(model, tmp, grid, variants, fx, atol):
    """Writes each variant's denoiser under `tmp` and its fixture under `fx` (inputs shared). Returns
    (fixture cases, {variant: precision, optimisations, denoiser file}, the I/O spec and FLOPs of the fp32 graph).
    fp32 graphs keep the 1x1 convs; each int8 variant is quantised from a scratch export in the token form."""
    scratch = os.path.join(tmp, 'scratch')
    fp32_paths, int8_sources, info = {}, {}, {}
    wrapper = BundleDenoiser(model).eval()
    try:
        # the graph forms (Mobiledit.set_export_fusions); the fixtures stay plain. fp32 graphs keep the 1x1
        # convs (faster in ONNX Runtime); an int8 variant is quantised from a scratch export in the token
        # form, whose 1x1 convs are MatMuls that quantize_matmuls rewrites
        for base in dict.fromkeys(_fp32(v) for v in variants if v == _fp32(v)):
            model.set_export_fusions(True, tokens=False)
            model.set_head_tiled(base == 'mobile')
            path = os.path.join(tmp, FILES[base])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tensors = export_bundle_denoiser(model, path, tuple(grid))
            fp32_paths[base] = path
        for base in dict.fromkeys(_fp32(v) for v in variants if v != _fp32(v)):
            model.set_export_fusions(True, tokens=True)
            model.set_head_tiled(base == 'mobile')
            path = os.path.join(scratch, base, 'denoiser.onnx')
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tensors = export_bundle_denoiser(model, path, tuple(grid))
            int8_sources[base] = path
            fp32_paths.setdefault(base, path)
    finally:
        model.set_head_tiled(False)
        model.set_export_fusions(False)
    names_in = ('latents', 'timestep', 'motion_score')
    args = [tensors[n] for n in names_in]
    with torch.no_grad():
        velocity = wrapper(*args)     # the published tree's plain forward: what every variant's graph must give
    inputs = {n: save_bin(fx, f'denoiser_in_{n}.bin', tensors[n].detach().numpy()) for n in names_in}
    cases = []
    for v in variants:
        base = _fp32(v)
        case = {'graph': 'denoiser', 'variant': v, 'inputs': inputs}
        opts = ([HEAD_TILED] if base == 'mobile' else []) + [CONTRIB_OPS]
        if v == base:
            case['atol'] = atol(velocity)
            precision = 'fp32'
        else:
            n_q = quantize_matmuls(int8_sources[base], os.path.join(tmp, FILES[v]))
            case.update(int8_tolerance(model, args, velocity, atol(velocity)))
            precision = 'int8-dynamic'
            opts.insert(0, f'{n_q} MatMul weights int8 per output column, activations quantised per call '
                           '(DynamicQuantizeLinear + MatMulInteger, fused by ONNX Runtime into DynamicQuantizeMatMul); '
                           'encoder and decoder fp32')
        prefix = '' if v == 'desktop' else f'{v}_'
        case['outputs'] = {'velocity': save_bin(fx, f'{prefix}denoiser_out_velocity.bin', velocity.detach().numpy())}
        cases.append(case)
        info[v] = {'precision': precision, 'optimisations': opts, 'denoiser': FILES[v]}
    fp32 = next(iter(fp32_paths.values()))
    spec, flops = io_spec(fp32), graph_flops(fp32)
    shutil.rmtree(scratch, ignore_errors=True)
    return cases, info, spec, flops


def int8_tolerance(model, args, velocity, fp32_atol):
    """The int8 fixture keeps PyTorch's fp32 output (what the variant approximates) with atol = INT8_MARGIN x
    the largest difference PyTorch's emulation of the int8 graph (quantize.EmulatedInt8, on the export form,
    whose 1x1 convs are the Linears the graph quantises) makes on the same inputs, plus the fp32 atol: the
    tolerance follows the quantisation error of these weights. On the small test bundle ONNX Runtime's int8
    error equals the emulated one to 3-4 digits (VaeChunkBundleTest prints it)."""
    model.set_export_fusions(True)
    try:
        with torch.no_grad(), EmulatedInt8() as emu:
            emulated = BundleDenoiser(model).eval()(*args)
    finally:
        model.set_export_fusions(False)
    err = (emulated - velocity).abs().max().item()
    return {'atol': INT8_MARGIN * err + fp32_atol, 'emulated_int8_max_abs_diff': err, 'emulated_linears': emu.calls}
