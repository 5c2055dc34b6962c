"""Writes three tiny graphs with float16 inputs and outputs (encoder, denoiser, decoder) for
inference's Fp16IoTest: the Java pipeline must convert its float32 buffers to half precision on
the way in and back on the way out. Arithmetic inside is float32 between Casts, so the CPU
execution provider runs every op. Regenerate with /usr/bin/python3 (Debian python3-onnx):
    /usr/bin/python3 make_fp16_graphs.py
Sizes: video 32x16, 9 frames; latents 3 channels x 2 frames x 2 x 4 (spatial ratio 8, temporal 8).
  encoder:  latent = avgpool8(image)[:, :, None]
  denoiser: velocity = 0.5 * latents + 0.001 * motion_score      (timestep and camera are fed, unused)
  decoder:  frame = nearest_upsample8(latent_prev * (1 - phase) + latent_cur * phase)
"""
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper

F16, F32, I64 = TensorProto.FLOAT16, TensorProto.FLOAT, TensorProto.INT64


def save(name, nodes, inputs, outputs, inits=()):
    g = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)], producer_name='Fp16IoTest')
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, name + '.onnx')


def vi(name, t, shape):
    return helper.make_tensor_value_info(name, t, shape)


save('encoder', [
    helper.make_node('Cast', ['image'], ['x'], to=F32),
    helper.make_node('AveragePool', ['x'], ['p'], kernel_shape=[8, 8], strides=[8, 8]),
    helper.make_node('Unsqueeze', ['p', 'axis2'], ['u']),
    helper.make_node('Cast', ['u'], ['latent'], to=F16),
], [vi('image', F16, [1, 3, 16, 32])], [vi('latent', F16, [1, 3, 1, 2, 4])],
    [numpy_helper.from_array(np.array([2], dtype=np.int64), 'axis2')])

save('denoiser', [
    helper.make_node('Cast', ['latents'], ['x'], to=F32),
    helper.make_node('Cast', ['motion_score'], ['m'], to=F32),
    helper.make_node('Mul', ['x', 'half'], ['h']),
    helper.make_node('Mul', ['m', 'milli'], ['mm']),
    helper.make_node('Add', ['h', 'mm'], ['v']),
    helper.make_node('Cast', ['v'], ['velocity'], to=F16),
], [vi('latents', F16, [1, 3, 2, 2, 4]), vi('timestep', F16, [1, 2]), vi('motion_score', F16, [1]),
    vi('camera', I64, [1])], [vi('velocity', F16, [1, 3, 2, 2, 4])],
    [numpy_helper.from_array(np.array(0.5, dtype=np.float32), 'half'),
     numpy_helper.from_array(np.array(0.001, dtype=np.float32), 'milli')])

save('decoder', [
    helper.make_node('Cast', ['latent_prev'], ['a'], to=F32),
    helper.make_node('Cast', ['latent_cur'], ['b'], to=F32),
    helper.make_node('Cast', ['phase'], ['p'], to=F32),
    helper.make_node('Sub', ['one', 'p'], ['q']),
    helper.make_node('Mul', ['a', 'q'], ['aq']),
    helper.make_node('Mul', ['b', 'p'], ['bp']),
    helper.make_node('Add', ['aq', 'bp'], ['mix']),
    helper.make_node('Resize', ['mix', '', 'scales'], ['up'], mode='nearest'),
    helper.make_node('Cast', ['up'], ['frame'], to=F16),
], [vi('latent_prev', F16, [1, 3, 2, 4]), vi('latent_cur', F16, [1, 3, 2, 4]), vi('phase', F16, [1])],
    [vi('frame', F16, [1, 3, 16, 32])],
    [numpy_helper.from_array(np.array(1.0, dtype=np.float32), 'one'),
     numpy_helper.from_array(np.array([1, 1, 8, 8], dtype=np.float32), 'scales')])
