"""Large weights as ONNX external data: the graph's big initializers move to `<graph>.onnx.data` beside it.

Why: ONNX Runtime parses an inline graph's whole protobuf (1.08 GB for the full-size desktop denoiser) and
holds it while it builds the session, beside the tensors it makes from it; external initializers it reads
from the data file without the protobuf copy, and on CPU it maps them (microsoft/onnxruntime PR 11127 and
11789: memory-mapped external initializers used directly). Measured on the full-size desktop denoiser with
the same bench: 3296 MB peak at load inline, 1322 MB external (docs/PERFORMANCE.md, Memory).

Offsets are aligned so that a mapping can start at each tensor: onnx/docs/ExternalData.md says offsets
SHOULD be multiples of the page size (4096) for mmap; on Windows the mapping granularity is 64 KiB (onnx PR
6247, onnxruntime issue 21195: unaligned data is read instead of mapped). ONNX Runtime's own writer aligns
tensors of 1 MiB and more to max(4096, granularity) (onnxruntime PR 21604). onnx 1.12's
`convert_model_to_external_data` does not align at all, so the data file is written here.
"""
import hashlib
import os

import onnx
from onnx import TensorProto, numpy_helper

MIN_GRAPH_BYTES = 64 << 20   # graphs at most this size stay inline (the nano bundle's graphs: all of them)
MIN_TENSOR_BYTES = 1024      # smaller initializers stay in the protobuf (onnx's own default threshold)
PAGE = 4096                  # every external tensor starts on a page
LARGE, LARGE_ALIGN = 1 << 20, 1 << 16   # tensors of 1 MiB and more on 64 KiB (Windows' mapping granularity)


def data_path(graph_path):
    """Where the external data of `graph_path` lives: `<graph>.onnx.data` in the same folder."""
    return graph_path + '.data'


def _raw(tensor):
    if tensor.HasField('raw_data'):
        return tensor.raw_data
    array = numpy_helper.to_array(tensor)
    return array.astype(array.dtype.newbyteorder('<')).tobytes()


def _clear_typed_fields(tensor):
    for field in ('float_data', 'int32_data', 'string_data', 'int64_data', 'double_data', 'uint64_data'):
        tensor.ClearField(field)
    tensor.ClearField('raw_data')


def _constants_to_initializers(graph, min_tensor_bytes):
    """Constant nodes holding a tensor of `min_tensor_bytes` or more become initializers of the same name, so
    that they can go to the data file too (ONNX Runtime turns Constant nodes into initializers when it loads a
    graph anyway). The full-size denoiser holds 51 MB of them: rotary tables, four per block."""
    kept, outputs = [], {o.name for o in graph.output}
    for node in graph.node:
        value = [a for a in node.attribute if a.name == 'value' and a.type == onnx.AttributeProto.TENSOR]
        if node.op_type == 'Constant' and node.domain in ('', 'ai.onnx') and len(node.attribute) == 1 and value \
                and node.output[0] not in outputs and len(_raw(value[0].t)) >= min_tensor_bytes:
            tensor = graph.initializer.add()
            tensor.CopyFrom(value[0].t)
            tensor.name = node.output[0]
        else:
            kept.append(node)
    if len(kept) != len(graph.node):
        del graph.node[:]
        graph.node.extend(kept)


def store_weights_externally(path, min_graph_bytes=MIN_GRAPH_BYTES, min_tensor_bytes=MIN_TENSOR_BYTES):
    """Rewrites the ONNX graph at `path` so that its initializers of `min_tensor_bytes` and more live in
    `path + '.data'` (offsets page-aligned, see the module doc); returns that data file's path, or None when
    the graph file is `min_graph_bytes` or smaller and is left as it is (inline).

    A graph that already has external data is loaded with it and written again. Both files are written under
    temporary names and renamed into place, the data file first: for an inline graph (the exporters' case) a
    crash leaves either the old graph (and perhaps an unused data file) or the new pair, never a graph that
    names data that is not there."""
    size = os.path.getsize(path) + (os.path.getsize(data_path(path)) if os.path.isfile(data_path(path)) else 0)
    if size <= min_graph_bytes:
        return None
    model = onnx.load(path)   # loads external data too (onnx 1.12: load_external_data=True)
    _constants_to_initializers(model.graph, min_tensor_bytes)
    location = os.path.basename(data_path(path))
    tmp_data, tmp_graph = data_path(path) + '.tmp', path + '.tmp'
    try:
        with open(tmp_data, 'wb') as f:
            offset, stored = 0, {}   # identical tensors (the per-block rotary tables) are stored once
            for tensor in model.graph.initializer:
                if tensor.data_type in (TensorProto.STRING, TensorProto.UNDEFINED):
                    continue
                raw = _raw(tensor)
                if len(raw) < min_tensor_bytes:
                    continue
                digest = hashlib.sha256(raw).digest()
                start = stored.get(digest)
                if start is None:
                    align = LARGE_ALIGN if len(raw) >= LARGE else PAGE
                    start = -(-offset // align) * align
                    f.write(b'\0' * (start - offset))
                    f.write(raw)
                    offset, stored[digest] = start + len(raw), start
                _clear_typed_fields(tensor)
                del tensor.external_data[:]
                for key, value in (('location', location), ('offset', str(start)), ('length', str(len(raw)))):
                    entry = tensor.external_data.add()
                    entry.key, entry.value = key, value
                tensor.data_location = TensorProto.EXTERNAL
            f.flush()
            os.fsync(f.fileno())
        onnx.save(model, tmp_graph)
        os.replace(tmp_data, data_path(path))
        os.replace(tmp_graph, path)
    finally:
        for p in (tmp_data, tmp_graph):
            if os.path.exists(p):
                os.remove(p)
    return data_path(path)


def external_extents(path):
    """(location, offset, length) of every external initializer of the graph at `path`."""
    model = onnx.load(path, load_external_data=False)
    out = []
    for tensor in model.graph.initializer:
        if tensor.data_location == TensorProto.EXTERNAL:
            info = {e.key: e.value for e in tensor.external_data}
            out.append((info.get('location', ''), int(info.get('offset', 0)), int(info.get('length', -1))))
    return out


def external_files(path):
    """The data files the ONNX graph at `path` names (relative to its folder), without reading their data."""
    return sorted({location for location, _, _ in external_extents(path)})
