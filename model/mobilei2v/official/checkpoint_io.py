"""Read and write checkpoints as the authors and diffusers ship them: PyTorch `.pth`/`.pt`
(optionally wrapping the weights under 'state_dict', 'model' or 'ema') and `.safetensors`.

Debian has no `safetensors` package, so the format is read here from its specification
(huggingface/safetensors: an 8-byte little-endian header length, a JSON header mapping
each tensor name to {dtype, shape, data_offsets}, then the raw little-endian bytes).
"""
import json
import struct

import numpy as np
import torch

_DTYPES = {
    'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16,
    'I64': torch.int64, 'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8, 'U8': torch.uint8,
    'BOOL': torch.bool,
}
_NAMES = {v: k for k, v in _DTYPES.items()}
_WRAPPERS = ('state_dict', 'model', 'module', 'ema')
_MAX_HEADER = 100 * 1024 * 1024


class CheckpointError(ValueError):
    """A checkpoint that cannot be read; the message names the file and, where there is one, the key."""


def read_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read(8)
        if len(raw) != 8:
            raise CheckpointError(f'{path}: not a safetensors file (shorter than its 8-byte header length)')
        (n,) = struct.unpack('<Q', raw)
        if n > _MAX_HEADER:
            raise CheckpointError(f'{path}: safetensors header length {n} is implausible (corrupt file?)')
        try:
            header = json.loads(f.read(n).decode('utf-8'))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise CheckpointError(f'{path}: safetensors header is not JSON ({e})') from e
        data = f.read()
    out = {}
    for name, spec in header.items():
        if name == '__metadata__':
            continue
        dtype = _DTYPES.get(spec.get('dtype'))
        if dtype is None:
            raise CheckpointError(f"{path}: tensor '{name}' has unsupported dtype {spec.get('dtype')!r}")
        start, end = spec['data_offsets']
        shape = spec['shape']
        if end > len(data) or start > end:
            raise CheckpointError(f"{path}: tensor '{name}' lies outside the file (truncated download?)")
        buf = bytearray(data[start:end])
        if dtype == torch.bfloat16:
            t = torch.frombuffer(buf, dtype=torch.int16).view(torch.bfloat16) if buf else torch.empty(0, dtype=dtype)
        else:
            t = torch.frombuffer(buf, dtype=dtype) if buf else torch.empty(0, dtype=dtype)
        count = int(np.prod(shape)) if shape else 1
        if t.numel() != count:
            raise CheckpointError(f"{path}: tensor '{name}' holds {t.numel()} values, its shape {shape} needs {count}")
        out[name] = t.reshape(shape).clone()
    return out


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        if t.dtype == torch.bfloat16:
            b = t.view(torch.int16).numpy().tobytes()
        else:
            b = t.numpy().tobytes()
        header[name] = {'dtype': _NAMES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load_state_dict(path):
    """Tensors by key from a .safetensors or a torch checkpoint, unwrapped from the usual wrappers."""
    path = str(path)
    if path.endswith('.safetensors'):
        return read_safetensors(path)
    try:
        obj = torch.load(path, map_location='cpu')
    except Exception as e:  # torch raises many kinds for a broken file
        raise CheckpointError(f'{path}: cannot be read as a PyTorch checkpoint ({e})') from e
    while isinstance(obj, dict) and not any(torch.is_tensor(v) for v in obj.values()):
        inner = next((obj[k] for k in _WRAPPERS if k in obj and isinstance(obj[k], dict)), None)
        if inner is None:
            raise CheckpointError(f'{path}: no tensors found (top-level keys: {sorted(obj)[:10]})')
        obj = inner
    if not isinstance(obj, dict):
        raise CheckpointError(f'{path}: expected a dict of tensors, found {type(obj).__name__}')
    tensors = {k: v for k, v in obj.items() if torch.is_tensor(v)}
    # DataParallel / DDP prefixes
    if tensors and all(k.startswith('module.') for k in tensors):
        tensors = {k[len('module.'):]: v for k, v in tensors.items()}
    return tensors
