"""mobilei2v/external_data.py: large initializers moved to `<graph>.onnx.data` (aligned, same values, small
tensors and small graphs left inline), and bundle_check's rules for the data files of a graph."""
import json
import os
import shutil
import tempfile
import unittest

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from mobilei2v.bundle_check import check_bundle
from mobilei2v.bundle_io import sha256
from mobilei2v.external_data import LARGE_ALIGN, PAGE, external_extents, external_files, store_weights_externally

HERE = os.path.dirname(os.path.abspath(__file__))
NANO = os.path.join(HERE, '..', '..', 'assets', 'models', 'mobilei2v-nano')


def _write_graph(path):
    """x (1x512) @ big (512x1024, 2 MiB) + bias + twin + table (1024 each) @ mid (1024x300), * tiny (4 floats)."""
    rng = np.random.default_rng(3)
    weights = {'big': rng.standard_normal((512, 1024)).astype(np.float32),
               'bias': rng.standard_normal(1024).astype(np.float32),
               'mid': rng.standard_normal((1024, 300)).astype(np.float32),
               'tiny': rng.standard_normal(4).astype(np.float32)}
    table = numpy_helper.from_array(weights['bias'] * 2, 'table')   # a Constant node's tensor: becomes external too
    weights['twin'] = weights['bias'].copy()                        # identical bytes: stored once
    nodes = [helper.make_node('Constant', [], ['table'], value=table),
             helper.make_node('MatMul', ['x', 'big'], ['a']), helper.make_node('Add', ['a', 'bias'], ['a2']),
             helper.make_node('Add', ['a2', 'twin'], ['a3']), helper.make_node('Add', ['a3', 'table'], ['b']),
             helper.make_node('MatMul', ['b', 'mid'], ['c']), helper.make_node('ReduceSum', ['c'], ['s'], keepdims=0),
             helper.make_node('Mul', ['s', 'tiny'], ['y'])]
    graph = helper.make_graph(nodes, 'g', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 512])],
                              [helper.make_tensor_value_info('y', TensorProto.FLOAT, [4])],
                              [numpy_helper.from_array(w, n) for n, w in weights.items()])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)]), path)
    return weights


class StoreWeightsExternallyTest(unittest.TestCase):
    def test_large_initializers_move_to_an_aligned_data_file_with_the_same_values(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'g.onnx')
            weights = _write_graph(path)
            inline = os.path.getsize(path)
            self.assertEqual(store_weights_externally(path, min_graph_bytes=0), path + '.data')
            self.assertEqual(sorted(os.listdir(d)), ['g.onnx', 'g.onnx.data'])   # no temp files left
            self.assertLess(os.path.getsize(path), 4096)
            self.assertGreater(inline, 3 * 1024 * 1024)
            self.assertEqual(external_files(path), ['g.onnx.data'])
            extents = sorted((length, offset) for _, offset, length in external_extents(path))
            # 'tiny' stays inline; bias and twin share their bytes; table is the Constant's
            self.assertEqual([n for n, _ in extents], [4096] * 3 + [1024 * 300 * 4, 512 * 1024 * 4])
            self.assertEqual(len({o for n, o in extents if n == 4096}), 2)
            self.assertTrue(all(o % PAGE == 0 for _, o in extents))
            self.assertTrue(all(o % LARGE_ALIGN == 0 for n, o in extents if n >= 1 << 20))
            # big at 0, bias at 2 MiB, mid at the next 64 KiB, table after it; twin reuses bias's bytes
            self.assertEqual(os.path.getsize(path + '.data'), 2162688 + 1228800 + 4096)
            m = onnx.load(path)
            self.assertNotIn('Constant', [n.op_type for n in m.graph.node])
            loaded = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
            for name, w in dict(weights, table=weights['bias'] * 2).items():
                self.assertTrue(np.array_equal(loaded[name], w), name)
            # written again from its external form: the same pair
            before = sha256(path + '.data')
            store_weights_externally(path, min_graph_bytes=0)
            self.assertEqual(sha256(path + '.data'), before)

    def test_a_graph_at_or_under_the_size_stays_inline_byte_for_byte(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'g.onnx')
            _write_graph(path)
            before = sha256(path)
            self.assertIsNone(store_weights_externally(path))   # 3 MB <= 64 MB
            self.assertEqual(sha256(path), before)
            self.assertEqual(os.listdir(d), ['g.onnx'])


class BundleCheckExternalDataTest(unittest.TestCase):
    """The nano bundle with its desktop denoiser re-saved with external data."""

    def setUp(self):
        if not os.path.isfile(os.path.join(NANO, 'manifest.json')):
            self.skipTest(f'{NANO} is missing')
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, 'bundle')
        shutil.copytree(NANO, self.dir)
        self.graph = 'desktop/denoiser.onnx'
        store_weights_externally(os.path.join(self.dir, self.graph), min_graph_bytes=0)
        with open(os.path.join(self.dir, 'manifest.json')) as f:
            self.manifest = json.load(f)
        for rel in (self.graph, self.graph + '.data'):
            p = os.path.join(self.dir, rel)
            self.manifest['files'][rel] = {'sha256': sha256(p), 'bytes': os.path.getsize(p)}
        self._save()

    def tearDown(self):
        self.tmp.cleanup()

    def _save(self):
        with open(os.path.join(self.dir, 'manifest.json'), 'w') as f:
            json.dump(self.manifest, f)

    def test_a_listed_data_file_of_a_graph_passes(self):
        self.assertEqual(check_bundle(self.dir), [])

    def test_an_unlisted_data_file_of_a_graph_is_named(self):
        del self.manifest['files'][self.graph + '.data']
        self._save()
        problems = check_bundle(self.dir)
        self.assertIn("files: does not list 'desktop/denoiser.onnx.data', the external data of graph "
                      "'desktop/denoiser.onnx'", problems)

    def test_a_listed_data_file_no_graph_names_is_named(self):
        stray = os.path.join(self.dir, 'mobile', 'denoiser.onnx.data')
        with open(stray, 'wb') as f:
            f.write(b'\0' * 16)
        self.manifest['files']['mobile/denoiser.onnx.data'] = {'sha256': sha256(stray), 'bytes': 16}
        self._save()
        self.assertEqual(check_bundle(self.dir),
                         ["files['mobile/denoiser.onnx.data']: is not the external data of any variant's graph"])

    def test_a_truncated_data_file_is_named(self):
        p = os.path.join(self.dir, self.graph + '.data')
        with open(p, 'r+b') as f:
            f.truncate(os.path.getsize(p) // 2)
        self.manifest['files'][self.graph + '.data'] = {'sha256': sha256(p), 'bytes': os.path.getsize(p)}
        self._save()
        problems = '; '.join(check_bundle(self.dir))
        self.assertIn("files['desktop/denoiser.onnx.data']: ends before byte", problems)
        self.assertIn("that graph 'desktop/denoiser.onnx' reads (truncated)", problems)


if __name__ == '__main__':
    unittest.main()
