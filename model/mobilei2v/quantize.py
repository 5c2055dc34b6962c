"""Dynamic int8 quantisation of an ONNX graph's MatMul weights (written here; no
onnxruntime.quantization in Debian).

Every MatMul whose second input is a 2-D float initializer W (K x N) becomes
  DynamicQuantizeLinear(A) -> A_q (uint8), a_scale, a_zero
  MatMulInteger(A_q, W_q int8, a_zero, 0) -> int32
  Cast -> float, * (a_scale * w_scale[N])
with W quantised per output column, symmetric (w_scale = max|W[:, n]| / 127). Activations
are quantised per call (dynamic), so no calibration data is needed. The scales are multiplied
first (a [N] vector), then the output once: that is the pattern ONNX Runtime's
MatMulIntegerToFloatFusion matches (then DynamicQuantizeMatMulFusion, with a following constant
bias Add folded in), so the whole chain runs as one DynamicQuantizeMatMul kernel. Two Muls on the
output (a_scale, then w_scale) compute the same numbers but match no fusion. Everything else
(depthwise convs, norms, attention score matmuls between activations) stays fp32.
"""
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

from .external_data import store_weights_externally


def quantize_matmuls(src, dst, min_elements=4096):
    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes, new_inits, done = [], [], 0
    used_float = set()
    for n in g.node:
        w = inits.get(n.input[1]) if n.op_type == 'MatMul' and len(n.input) == 2 else None
        if w is None or w.data_type != TensorProto.FLOAT or len(w.dims) != 2 or int(np.prod(w.dims)) < min_elements:
            new_nodes.append(n)
            continue
        arr = numpy_helper.to_array(w).astype(np.float32)
        scale = np.maximum(np.abs(arr).max(axis=0), 1e-12) / 127.0
        q = np.clip(np.round(arr / scale), -127, 127).astype(np.int8)
        base = f'{n.name or n.output[0]}_q{done}'
        new_inits += [numpy_helper.from_array(q, base + '_w'),
                      numpy_helper.from_array(np.zeros(q.shape[1], np.int8), base + '_wz'),
                      numpy_helper.from_array(scale.astype(np.float32), base + '_ws')]
        new_nodes += [
            helper.make_node('DynamicQuantizeLinear', [n.input[0]], [base + '_a', base + '_as', base + '_az'],
                             name=base + '_dq'),
            helper.make_node('MatMulInteger', [base + '_a', base + '_w', base + '_az', base + '_wz'],
                             [base + '_i32'], name=base + '_mmi'),
            helper.make_node('Mul', [base + '_as', base + '_ws'], [base + '_s'], name=base + '_scale'),
            helper.make_node('Cast', [base + '_i32'], [base + '_f'], to=TensorProto.FLOAT, name=base + '_cast'),
            helper.make_node('Mul', [base + '_f', base + '_s'], [n.output[0]], name=base + '_dequant'),
        ]
        done += 1
        used_float.add(w.name)
    still_used = {i for node in new_nodes for i in node.input}
    kept = [i for i in g.initializer if i.name in still_used]
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    del g.node[:]
    g.node.extend(new_nodes)
    onnx.checker.check_model(m)
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    onnx.save(m, dst)
    store_weights_externally(dst)   # over 64 MB: weights in <dst>.data
    return done



class EmulatedInt8:
    """PyTorch doing what quantize_matmuls' graph does, for every F.linear whose weight it would quantise
    (2-D, >= min_elements): the activation quantised per call as DynamicQuantizeLinear does (uint8, range
    widened to include 0, zero point round(-min/scale)), the weight per output column, symmetric int8.
    `with EmulatedInt8(): model(...)` measures the int8 graph's quantisation error without ONNX Runtime."""

    def __init__(self, min_elements=4096):
        import torch
        from torch.overrides import TorchFunctionMode

        quantised = self._linear

        class Mode(TorchFunctionMode):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                kwargs = kwargs or {}
                if func is torch.nn.functional.linear:
                    x, w = args[0], args[1]
                    if w.dim() == 2 and w.numel() >= min_elements:
                        return quantised(x, w, args[2] if len(args) > 2 else kwargs.get('bias'))
                return func(*args, **kwargs)

        self.mode = Mode()
        self.calls = 0

    def _linear(self, x, w, b):
        import torch
        self.calls += 1
        with torch._C.DisableTorchFunction():
            lo, hi = torch.clamp(x.min(), max=0.0), torch.clamp(x.max(), min=0.0)
            scale = (hi - lo) / 255.0
            scale = torch.where(scale > 0, scale, torch.ones_like(scale))
            zero = torch.clamp(torch.round(-lo / scale), 0, 255)
            xq = torch.clamp(torch.round(x / scale) + zero, 0, 255)
            ws = torch.clamp(w.abs().amax(dim=1, keepdim=True), min=1e-12) / 127.0
            wq = torch.clamp(torch.round(w / ws), -127, 127)
            y = torch.nn.functional.linear((xq - zero) * scale, wq * ws)
            return y if b is None else y + b

    def __enter__(self):
        self.mode.__enter__()
        return self

    def __exit__(self, *exc):
        return self.mode.__exit__(*exc)
