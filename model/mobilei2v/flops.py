"""FLOPs per call of an ONNX graph (static shapes): 2 x MACs of MatMul/Gemm/Conv plus one
FLOP per output element of element-wise ops. Used for the manifest and roofline figures."""
import sys

import numpy as np
import onnx
from onnx import shape_inference, numpy_helper

ELEMENTWISE = {'Add', 'Sub', 'Mul', 'Div', 'Relu', 'Sigmoid', 'Tanh', 'Exp', 'Sqrt', 'Pow', 'Softmax',
               'Erf', 'ReduceMean', 'LayerNormalization', 'Where', 'Neg', 'Reciprocal'}


def graph_flops(path):
    m = shape_inference.infer_shapes(onnx.load(path))
    g = m.graph
    shapes = {}
    for v in list(g.value_info) + list(g.input) + list(g.output):
        dims = [d.dim_value for d in v.type.tensor_type.shape.dim]
        if dims and all(d > 0 for d in dims):
            shapes[v.name] = dims
    for init in g.initializer:
        shapes[init.name] = list(init.dims)
    total = 0
    unknown = []
    for n in g.node:
        out = shapes.get(n.output[0]) if n.output else None
        if out is None:
            if n.op_type in ('MatMul', 'Gemm', 'Conv'):
                unknown.append(n.name)
            continue
        if n.op_type == 'MatMul':
            a = shapes.get(n.input[0])
            if a:
                total += 2 * int(np.prod(out)) * a[-1]
        elif n.op_type == 'Gemm':
            a = shapes.get(n.input[0])
            if a:
                total += 2 * int(np.prod(out)) * a[-1]
        elif n.op_type == 'Conv':
            w = shapes.get(n.input[1])
            if w:
                total += 2 * int(np.prod(out)) * int(np.prod(w[1:]))
        elif n.op_type in ELEMENTWISE:
            total += int(np.prod(out))
    if unknown:   # e.g. after torch's chunk, whose Slices ONNX shape inference cannot follow (use split)
        print(f'graph_flops: {path}: {len(unknown)} MatMul/Gemm/Conv nodes without inferred shapes are not '
              f'counted (first: {unknown[0]})', file=sys.stderr)
    return int(total)
