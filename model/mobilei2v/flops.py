"""FLOPs per call of an ONNX graph (static shapes): 2 x MACs of MatMul/Gemm/Conv plus one
FLOP per output element of element-wise ops. Used for the manifest and roofline figures."""
import sys

import numpy as np
import onnx
from onnx import shape_inference, numpy_helper

ELEMENTWISE = {'Add', 'Sub', 'Mul', 'Div', 'Relu', 'Sigmoid', 'Tanh', 'Exp', 'Sqrt', 'Pow', 'Softmax',
               'Erf', 'ReduceMean', 'LayerNormalization', 'Where', 'Neg', 'Reciprocal'}


# contrib ops (mobilei2v/official/fused_ops.py) that ONNX's shape inference does not know: output -> the input
# whose shape it has (SkipLayerNormalization's outputs 1 and 2, per-row statistics, carry no MatMul)
SAME_SHAPE = {'RotaryEmbedding': {0: 0}, 'SkipLayerNormalization': {0: 0, 3: 0}}


def fixed_shape(value):
    """True when a value_info has a shape of known sizes only."""
    dims = value.type.tensor_type.shape.dim
    return len(dims) > 0 and all(d.HasField('dim_value') for d in dims)


def drop_symbolic_shapes(graph):
    """Removes the value_info entries with unknown or symbolic sizes (torch 1.13 writes them for every value after
    a contrib op), so that shape inference fills them in."""
    for v in [v for v in graph.value_info if not fixed_shape(v)]:
        graph.value_info.remove(v)


def _infer_shapes(model):
    """ONNX shape inference, carried across SAME_SHAPE's contrib ops: their outputs get their inputs' types and
    inference runs again until nothing changes (one more round per contrib op on the longest chain)."""
    # inference needs the Split sizes and Reshape shapes after those ops as initializers (it reads no Constant nodes)
    g = model.graph
    drop_symbolic_shapes(g)
    for n in [n for n in g.node if n.op_type == 'Constant' and n.attribute[0].name == 'value']:
        tensor = g.initializer.add()
        tensor.CopyFrom(n.attribute[0].t)
        tensor.name = n.output[0]
        g.node.remove(n)
    while True:
        model = shape_inference.infer_shapes(model)
        g = model.graph
        typed = {v.name: v for v in list(g.value_info) + list(g.input) if fixed_shape(v)}
        added = 0
        for n in g.node:
            for out, src in SAME_SHAPE.get(n.op_type, {}).items():
                if len(n.output) > out and n.output[out] not in typed and n.input[src] in typed:
                    v = g.value_info.add()
                    v.CopyFrom(typed[n.input[src]])
                    v.name = n.output[out]
                    typed[v.name] = v
                    added += 1
        if not added:
            return model


def graph_flops(path):
    m = _infer_shapes(onnx.load(path, load_external_data=False))   # dims only: the weights stay on disk
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
