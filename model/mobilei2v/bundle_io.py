"""Bundle file helpers shared by the exporters: SHA-256 of a file, a graph's I/O spec as the manifest
lists it, raw little-endian tensors for the fixtures."""
import hashlib
import os

import numpy as np
import onnx
from onnx import TensorProto


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def io_spec(path):
    m = onnx.load(path, load_external_data=False)   # the I/O only: never the weights
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
