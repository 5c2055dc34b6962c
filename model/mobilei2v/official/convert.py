"""Reading a published MobileI2V checkpoint into mobilei2v/official/mobiledit.py: every key and shape
checked first, so a wrong file fails with the key that is wrong, not deep inside load_state_dict."""
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
    problems = key_problems(model.state_dict(), tensors)
    if problems:
        raise CheckpointError(f'{path}: not the published Mobiledit layout for this config; ' + '; '.join(problems))
    model.load_state_dict({k: v.float() for k, v in tensors.items()}, strict=True)
    return model.eval()
