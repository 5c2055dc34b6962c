"""ONNX export helpers shared by the exporters (export_bundle.py, export_full.py): a checked
torch.onnx export at the bundle's opset, and fp16 storage of a graph's float weights."""
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from mobilei2v.external_data import store_weights_externally
from mobilei2v.flops import drop_symbolic_shapes

OPSET = 17


def export(module, args, path, in_names, out_names, constant_folding=True):
    """Exports module(*args) to path (folders created) with these input and output names, then
    checks the graph with onnx.checker; a graph over 64 MB then keeps its weights in
    <graph>.onnx.data (mobilei2v.external_data)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=in_names, output_names=out_names,
                          opset_version=OPSET, do_constant_folding=constant_folding)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    store_weights_externally(path)   # graphs over 64 MB: weights in <graph>.onnx.data (nano: all inline)


def settle_shapes(path, outputs):
    """After an export with contrib ops (official/fused_ops.py): torch 1.13 cannot size their outputs, so it writes
    symbolic dims for every value after them, the graph outputs too, which a bundle must not have (fixed shapes).
    Sets the outputs' dims (name -> shape, as PyTorch computed them) and drops the symbolic value_info, which ONNX
    Runtime infers itself. Returns the loaded model."""
    model = onnx.load(path)
    g = model.graph
    drop_symbolic_shapes(g)
    for out in g.output:
        if out.name in outputs:
            dims = out.type.tensor_type.shape.dim
            del dims[:]
            for size in outputs[out.name]:
                dims.add().dim_value = int(size)
    onnx.save(model, path)
    return model


def to_fp16_weights(path):
    """Store float initializers as fp16 and Cast them back to fp32 in the graph: half the
    file size and memory traffic for weights; compute stays fp32 where the EP has no fp16."""
    m = onnx.load(path)
    g = m.graph
    new_inits, casts = [], []
    for init in g.initializer:
        if init.data_type == TensorProto.FLOAT and numpy_helper.to_array(init).size >= 16:
            arr = numpy_helper.to_array(init).astype(np.float16)
            h = numpy_helper.from_array(arr, init.name + '_fp16')
            new_inits.append(h)
            casts.append(helper.make_node('Cast', [h.name], [init.name], to=TensorProto.FLOAT,
                                          name='cast_' + init.name))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    store_weights_externally(path)
