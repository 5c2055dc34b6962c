"""Reading a published MobileI2V checkpoint into mobilei2v/official/mobiledit.py: every key and shape
checked first, so a wrong file fails with the key that is wrong, not deep inside load_state_dict."""
import json
import os

import numpy as np
import onnx
import torch

from ..external_data import store_weights_externally
from ..onnx_export import settle_shapes
from .checkpoint_io import CheckpointError, load_state_dict
from .mobiledit import PUBLISHED, Mobiledit

SHOWN = 5   # keys named per kind of problem


def key_problems(expected, found):
    """Lines naming the missing, unexpected and wrongly shaped keys of `found` against `expected`
    (both key -> tensor); empty when the layout matches."""
    missing = [k for k in expected if k not in found]
    unexpected = [k for k in found if k not in expected]
    shapes = [k for k in expected if k in found and tuple(found[k].shape) != tuple(expected[k].shape)]
    lines = []
    if missing:
        lines.append(f'missing {len(missing)} key(s): ' + ', '.join(
            f'{k} {tuple(expected[k].shape)}' for k in missing[:SHOWN]))
    if unexpected:
        lines.append(f'unexpected {len(unexpected)} key(s): ' + ', '.join(
            f'{k} {tuple(found[k].shape)}' for k in unexpected[:SHOWN]))
    if shapes:
        lines.append(f'{len(shapes)} key(s) of the wrong shape: ' + ', '.join(
            f'{k} is {tuple(found[k].shape)}, expected {tuple(expected[k].shape)}' for k in shapes[:SHOWN]))
    return lines


def load_published(path, cfg=PUBLISHED):
    """The denoiser of `cfg` with the weights of the checkpoint at `path` (.pth or .safetensors),
    in eval mode and fp32; CheckpointError naming the keys when the layout is not the published one."""
    tensors = load_state_dict(path)
    model = Mobiledit(cfg)
    expected_pe = tuple(model.pos_embed.shape)
    found_pe = tensors.get('pos_embed')
    if found_pe is not None and found_pe.dim() == 3 and tuple(found_pe.shape) != expected_pe \
            and (found_pe.shape[0], found_pe.shape[2]) == (expected_pe[0], expected_pe[2]):
        # the unused sin-cos table of another training grid (use_pe is false); their inference_i2v.py deletes
        # `pos_embed` before loading for the same reason
        tensors = {k: v for k, v in tensors.items() if k != 'pos_embed'}
        tensors['pos_embed'] = model.pos_embed
    problems = key_problems(model.state_dict(), tensors)
    if problems:
        raise CheckpointError(f'{path}: not the published Mobiledit layout for this config; ' + '; '.join(problems))
    model.load_state_dict({k: v.float() for k, v in tensors.items()}, strict=True)
    return model.eval()


INPUTS = ('latent', 'timestep', 'cond_mask', 'flow_score')


def example_inputs(cfg, grid, seed=0):
    """One batch for a latent grid (T, H, W): noise, t=700 (of 1000), the first-frame mask, flow score 3."""
    from .mobiledit import first_frame_mask
    t, h, w = grid
    gen = torch.Generator().manual_seed(seed)
    latent = torch.randn(1, cfg.latent_channels, t, h, w, generator=gen)
    return latent, torch.tensor([700.0]), first_frame_mask(1, t, h, w), torch.tensor([3.0])


def export_denoiser(model, path, grid):
    """The denoiser as a fixed-shape fp32 ONNX graph (opset 17) for the latent grid (T, H, W);
    returns the example inputs it was traced with and PyTorch's output for them."""
    args = example_inputs(model.cfg, grid)
    with torch.no_grad():
        torch.onnx.export(model, args, path, input_names=list(INPUTS), output_names=['v'], opset_version=17)
        expected = model(*args)
    onnx.checker.check_model(onnx.load(path))
    return args, expected


def write_fixture(directory, tensors):
    """Little-endian raw tensors plus fixture.json ({name: {file, dtype, shape}}), the layout the
    bundle's parity fixtures use, so the Java side can replay the graph against PyTorch."""
    entries = {}
    for name, tensor in tensors.items():
        array = np.ascontiguousarray(tensor.detach().numpy().astype('<f4'))
        array.tofile(os.path.join(directory, f'{name}.bin'))
        entries[name] = {'file': f'{name}.bin', 'dtype': 'float32', 'shape': list(array.shape)}
    with open(os.path.join(directory, 'fixture.json'), 'w') as f:
        json.dump(entries, f, indent=1)
    return entries


class BundleDenoiser(torch.nn.Module):
    """The bundle's denoiser contract (docs/BUNDLE.md): latents (1,C,T,H,W), timestep (1,T) per latent
    frame as sigma*1000 (the condition frame at 0), motion_score (1,) -> velocity. The published flow
    score is the motion score; its v-prediction is noise - x0, the bundle's convention."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, latents, timestep, motion_score):
        # every token of a latent frame has that frame's timestep, so the modulation is per frame
        # (Mobiledit.denoise_frames), which equals the published per-token call (tests/test_official_mobiledit.py)
        return self.model.denoise_frames(latents, timestep / 1000.0, motion_score)


def bundle_inputs(cfg, grid, seed=0):
    """The bundle-contract batch matching example_inputs: condition frame at t=0, the rest at 700."""
    latent, _, _, flow = example_inputs(cfg, grid, seed)
    timestep = torch.full((1, grid[0]), 700.0)
    timestep[0, 0] = 0.0
    return latent, timestep, flow


def export_bundle_denoiser(model, path, grid):
    """desktop/denoiser.onnx in the bundle contract (latents, timestep, motion_score -> velocity)."""
    args = bundle_inputs(model.cfg, grid)
    wrapper = BundleDenoiser(model).eval()
    with torch.no_grad():
        torch.onnx.export(wrapper, args, path, input_names=['latents', 'timestep', 'motion_score'],
                          output_names=['velocity'], opset_version=17)
        expected = wrapper(*args)
    onnx.checker.check_model(settle_shapes(path, {'velocity': expected.shape}))
    store_weights_externally(path)   # over 64 MB: weights in <graph>.onnx.data
    return dict(zip(('latents', 'timestep', 'motion_score'), args), velocity=expected)
