"""A complete bundle (docs/BUNDLE.md) from the published MobileI2V denoiser and the LTX-Video VAE:
desktop/{encoder,decoder}.onnx (fp32, fixed shapes, shared by every variant), the denoiser variants
(denoiser_variants.py: desktop, mobile, desktop-int8, mobile-int8), fixtures from PyTorch, manifest.json."""
import json
import os
import shutil
import time

import numpy as np
import onnx
import torch

from ..bundle_check import check_bundle
from ..bundle_io import io_spec, save_bin, sha256
from ..external_data import store_weights_externally
from ..flops import graph_flops
from ..onnx_export import OPSET
from ..schedule import DISTILLED, teacher_sigmas
from .convert import load_published
from .denoiser_variants import chosen, export_denoisers
from .mobiledit import PUBLISHED
from .run_fixture import run_case
from .tiling import tiled_decode
from .vae_bundle import ChunkDecoderGraph, EncoderGraph, load_vae, temporal_radius

SHIFT = 3.0                  # their FlowEuler: diffusers FlowMatchEulerDiscreteScheduler(shift=3.0)
CFG_SCALE = 4.5              # their inference_i2v.py default
SIGMA_MIN = SHIFT * 0.001 / (1 + (SHIFT - 1) * 0.001)   # the scheduler's smallest training sigma, shifted
FPS = 17                     # their save_sample call


def video_size(grid, video=None):
    """(width, height) of the video for latent grid (T, h, w): 32w x 32h unless given; a given size must
    encode to that grid (ceil(size / 32), a multiple of 4 for the 4x4 patches): 720 rows -> 23 latent rows."""
    _, h, w = grid
    width, height = video or (32 * w, 32 * h)
    for name, n, cells in (('width', width, w), ('height', height, h)):
        if n % 4 or -(-n // 32) != cells:
            raise ValueError(f'video {name} {n} does not encode to {cells} latent cells (needs ceil({name} / 32) = '
                             f'{cells} and a multiple of 4)')
    return width, height


def teacher_schedule(steps):
    """Their teacher sampling: linspace(1, sigma_min, steps) shifted by 3, then 0; one call per step."""
    return {'name': f'teacher-{steps}', 'kind': 'teacher', 'steps': steps,
            'sigmas': teacher_sigmas(steps, SHIFT, t_min=SIGMA_MIN), 'denoiser': 'denoiser',
            'guidance': {'scale': CFG_SCALE, 'unconditional': 'same-call'}}


def _export(module, args, path, names_in, names_out):
    with torch.no_grad():
        torch.onnx.export(module.eval(), args, path, input_names=names_in, output_names=names_out, opset_version=OPSET)
    graph = onnx.load(path)
    onnx.checker.check_model(graph)
    # onnx.checker passes a negative Transpose perm (torch 1.13 writes one for movedim(-1, 1)); ONNX Runtime
    # refuses to load it, and there is no ONNX Runtime here to find out
    for node in graph.graph.node:
        perm = [list(a.ints) for a in node.attribute if node.op_type == 'Transpose' and a.name == 'perm']
        if perm and min(perm[0]) < 0:
            raise ValueError(f'{path}: node {node.name} has Transpose perm {perm[0]}, which ONNX Runtime refuses')
    store_weights_externally(path)   # over 64 MB: weights in <graph>.onnx.data


def _case(fx, graph, tensors, names_in, names_out, atol, variant):
    def entry(name):
        return save_bin(fx, f'{graph}_{"in" if name in names_in else "out"}_{name}.bin',
                        tensors[name].detach().numpy().astype(np.float32))
    return {'graph': graph, 'variant': variant, 'inputs': {n: entry(n) for n in names_in},
            'outputs': {n: entry(n) for n in names_out}, 'atol': atol}


def _atol(t):
    return float(1e-4 * max(1.0, t.abs().max().item()))


def decoder_tile_spec(decoder_tile, grid):
    """manifest decoder.tile {height, width, overlap} (latent cells) for (height, width, overlap), or None for
    whole frames (no tile, or a tile as large as the latent grid)."""
    if decoder_tile is None:
        return None
    th, tw, overlap = (int(v) for v in decoder_tile)
    _, h, w = grid
    if not (1 <= th <= h and 1 <= tw <= w):
        raise ValueError(f'decoder tile {th}x{tw} does not fit the latent grid {h}x{w}')
    if (th, tw) == (h, w):
        return None
    if not 0 <= overlap < min(th, tw):
        raise ValueError(f'decoder tile overlap must be in [0, {min(th, tw)}), not {overlap}')
    return {'height': th, 'width': tw, 'overlap': overlap}


def _decoder_cases(vae, tile, window, grid, size, gen, fx, cases_json, variant):
    """Exports desktop/decoder.onnx (at the tile shape when tiled) and returns its fixture case; a tiled
    decoder also gets cases_json['tiled']: one window decoded tile by tile and blended (tiling.tiled_decode),
    what the Java pipeline must reproduce."""
    _, h, w = grid
    height, width = size
    th, tw = (tile['height'], tile['width']) if tile else (h, w)
    r = vae.cfg.spatial_ratio
    # a tile graph returns all its th x tw cells' pixels; only the blended frames are cropped to the video size
    out_h, out_w = (th * r, tw * r) if tile else (height, width)
    dec = ChunkDecoderGraph(vae.decoder, vae.cfg.scaling_factor, out_h, out_w).eval()
    tmp = os.path.dirname(fx)
    latents = torch.randn(1, vae.cfg.latent_channels, window, th, tw, generator=gen)
    _export(dec, (latents,), os.path.join(tmp, 'desktop', 'decoder.onnx'), ['latents'], ['frames'])
    with torch.no_grad():
        rgb = dec(latents)
        if tile:
            whole = torch.randn(1, vae.cfg.latent_channels, window, h, w, generator=gen)
            blended = tiled_decode(dec, whole, th, tw, tile['overlap'], r, height, width)
            cases_json['tiled'] = {'latents': save_bin(fx, 'tiled_in_latents.bin', whole.numpy()),
                                   'frames': save_bin(fx, 'tiled_out_frames.bin', blended.numpy()),
                                   'atol': _atol(blended)}
    return _case(fx, 'decoder', {'latents': latents, 'frames': rgb}, ['latents'], ['frames'], _atol(rgb), variant)


def write_bundle(checkpoint, vae_dir, out, grid=(3, 23, 40), video=None, teacher_steps=30, distilled=False,
                 window=None, scaling_factor=None, cfg=PUBLISHED, name='mobilei2v-300m', version='1.0.0',
                 variants=None, decoder_tile=None, run_fixture=False):
    """Writes the bundle to `out` (replacing it; built in `out`.tmp first) and returns its manifest.
    `variants`: the denoiser variants to write (default all four, denoiser_variants.VARIANTS).
    decoder_tile: (height, width, overlap) in latent cells, the decoder exported at that tile shape and called
    per tile (None or the whole grid: whole frames). run_fixture: also the whole-run fixture (run_fixture.py), one
    default-schedule run through PyTorch (at 720p on CPU: minutes per teacher step and the decoder's whole video)."""
    variants = chosen(variants)
    model = load_published(checkpoint, cfg)
    vae = load_vae(vae_dir, scaling_factor)
    vcfg = vae.cfg
    frames, h, w = grid
    if vcfg.latent_channels != cfg.latent_channels:
        raise ValueError(f'{vae_dir}/config.json: latent_channels {vcfg.latent_channels} differs from the '
                         f"denoiser's {cfg.latent_channels}")
    width, height = video_size(grid, video)
    window = window or frames
    tmp = out + '.tmp'
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, 'desktop'))
    fx = os.path.join(tmp, 'fixtures')
    os.makedirs(fx)
    gen = torch.Generator().manual_seed(0)
    cases = []

    image = torch.rand(1, 3, height, width, generator=gen) * 2 - 1
    enc = EncoderGraph(vae).eval()
    _export(enc, (image,), os.path.join(tmp, 'desktop', 'encoder.onnx'), ['image'], ['latent'])
    with torch.no_grad():
        z0 = enc(image)
    cases.append(_case(fx, 'encoder', {'image': image, 'latent': z0}, ['image'], ['latent'], _atol(z0), variants[0]))

    den_cases, den_info, den_spec, den_flops = export_denoisers(model, tmp, grid, variants, fx, _atol)
    cases += den_cases

    tile = decoder_tile_spec(decoder_tile, grid)
    cases_json = {'graphs': cases, 'runs': []}
    cases.append(_decoder_cases(vae, tile, window, grid, (height, width), gen, fx, cases_json, variants[0]))
    schedules = ([{'name': 'distilled-1', 'kind': 'distilled', 'steps': 1, 'sigmas': DISTILLED['distilled-1'], 'denoiser': 'denoiser'},
                  {'name': 'distilled-2', 'kind': 'distilled', 'steps': 2, 'sigmas': DISTILLED['distilled-2'], 'denoiser': 'denoiser'}]
                 if distilled else [teacher_schedule(teacher_steps)])
    if run_fixture:
        cases_json['runs'].append(run_case(model, vae, image, z0, grid, (height, width), window, tile, schedules[0], fx,
                                           variants[0]))
    with open(os.path.join(fx, 'fixtures.json'), 'w') as f:
        json.dump(cases_json, f, indent=1)

    shared = {r: f'desktop/{r}.onnx' for r in ('encoder', 'decoder')}
    files = {}
    for dirpath, _, names in os.walk(tmp):
        for fn in sorted(names):
            p = os.path.join(dirpath, fn)
            files[os.path.relpath(p, tmp)] = {'sha256': sha256(p), 'bytes': os.path.getsize(p)}
    weights = os.path.join(vae_dir, 'diffusion_pytorch_model.safetensors')
    manifest = {
        'format': 'mobilei2v-bundle/1', 'name': name, 'version': version,
        'license': 'denoiser: the MobileI2V checkpoint licence (hustvl/MobileI2V); VAE: the LTX-Video licence '
                   '(Lightricks/LTX-Video, vae/)',
        'provenance': (f'converted by model/convert_official.py from {os.path.basename(checkpoint)} '
                       f'(sha256 {sha256(checkpoint)}) and the LTX-Video VAE {os.path.basename(os.path.normpath(vae_dir))}'
                       + (f' (sha256 {sha256(weights)})' if os.path.exists(weights) else '')),
        'exported': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'parameters': {'denoiser': sum(p.numel() for p in model.parameters()),
                       'encoder': sum(p.numel() for p in vae.encoder.parameters()),
                       'decoder': sum(p.numel() for p in vae.decoder.parameters())},
        'video': {'width': width, 'height': height, 'frames': 1 + vcfg.temporal_ratio * (frames - 1), 'fps': FPS},
        'decoder': {'kind': 'vae-chunk', 'working': {'width': width, 'height': height}, 'window': window,
                    'exact': window == frames, 'temporal_radius': temporal_radius(vae.decoder),
                    **({'tile': tile} if tile else {})},
        'latent': {'channels': vcfg.latent_channels, 'frames': frames, 'height': h, 'width': w,
                   'spatial_ratio': vcfg.spatial_ratio, 'temporal_ratio': vcfg.temporal_ratio,
                   'scaling_factor': float(vcfg.scaling_factor)},
        'image': {'range': [-1.0, 1.0], 'layout': 'NCHW', 'channels': 'RGB', 'fit': 'crop'},
        'sampler': {'type': 'rectified-flow-euler', 'timestep_scale': 1000.0, 'shift': SHIFT,
                    'default_schedule': schedules[0]['name'], 'schedules': schedules},
        'conditioning': {'motion_score': {'min': 0.0, 'max': 5.0, 'default': 1.0,
                                          'unit': "the published 'flow score' (training clips' optical-flow "
                                                  "magnitude score); 1.0 is their inference default"},
                         'camera_motion': None, 'text': None},
        'graphs': dict({r: io_spec(os.path.join(tmp, p)) for r, p in shared.items()}, denoiser=den_spec),
        'variants': {v: {'precision': i['precision'], 'optimisations': i['optimisations'],
                         'graphs': dict(shared, denoiser=i['denoiser'])} for v, i in den_info.items()},
        'flops': dict({r: graph_flops(os.path.join(tmp, p)) for r, p in shared.items()}, denoiser=den_flops),
        'files': files,
        'fixtures': 'fixtures/fixtures.json',
    }
    publish_bundle(tmp, out, manifest)
    return manifest


def publish_bundle(tmp, out, manifest):
    """Writes tmp/manifest.json, checks the bundle against docs/BUNDLE.md, then moves tmp to out (replacing it)."""
    with open(os.path.join(tmp, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    problems = check_bundle(tmp)
    if problems:
        raise ValueError(f'{tmp}: the written bundle breaks docs/BUNDLE.md: ' + '; '.join(problems))
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
