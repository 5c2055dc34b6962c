"""The published tree's graph forms (Mobiledit.set_export_fusions, set_head_tiled) give the plain forward's
values (atol 1e-4; the FFN alone: test_official_mobiledit.py), and the exported graph has the shape ONNX Runtime runs fastest: the 1x1 convolutions as
MatMuls (only the depthwise 3x3 stays a Conv), softmax attention in query tiles, RoPE and residual + LayerNorm as
ONNX Runtime's contrib ops, every MatMul countable. (ONNX Runtime runs these graphs against the plain forward's
fixtures in the Java VaeChunkBundleTest.)"""
import contextlib
import io
import os
import tempfile
import unittest

import onnx
import torch

from mobilei2v.flops import graph_flops
from mobilei2v.official.convert import BundleDenoiser, export_bundle_denoiser
from mobilei2v.official.mobiledit import QUERY_TILE, Mobiledit, MobileditConfig
from mobilei2v.quantize import quantize_matmuls

torch.set_num_threads(1)
SMALL = MobileditConfig(hidden=144, heads=2, linear_head_dim=72, latent_channels=8, caption_channels=16,
                        caption_tokens=4, linear_run=1, grid_h=4, grid_w=4, frames=3)
GRID = (3, 12, 14)   # 504 tokens: two query tiles of up to 460 rows


def _model():
    torch.manual_seed(7)
    model = Mobiledit(SMALL).eval()
    torch.nn.init.normal_(model.final_layer.linear.weight, std=0.5)
    return model


def _inputs():
    gen = torch.Generator().manual_seed(8)
    return (torch.randn(1, 8, *GRID, generator=gen), torch.tensor([[0.0, 700.0, 700.0]]), torch.tensor([3.0]))


class ExportFormsTest(unittest.TestCase):
    def test_each_graph_form_gives_the_plain_forward(self):
        model, args = _model(), _inputs()
        self.assertGreater(GRID[0] * GRID[1] * GRID[2], QUERY_TILE)
        den = BundleDenoiser(model)
        with torch.no_grad():
            plain = den(*args)
            model.set_export_fusions(True)
            fused = den(*args)
            model.set_head_tiled(True)
            fused_heads = den(*args)
            model.set_export_fusions(True, tokens=False)   # the fp32 variants' form: the FFN's 1x1 convs kept
            convs_heads = den(*args)
            model.set_head_tiled(False)
            convs = den(*args)
            model.set_head_tiled(True)
            model.set_export_fusions(False)
            heads = den(*args)
            model.set_head_tiled(False)
            again = den(*args)
        self.assertGreater(plain.abs().max().item(), 0.5)
        for name, other in (('fusions', fused), ('fusions + head tiles', fused_heads), ('head tiles', heads),
                            ('fp32 form', convs), ('fp32 form + head tiles', convs_heads)):
            self.assertLess((plain - other).abs().max().item(), 1e-4, name)
        self.assertTrue(torch.equal(plain, again), 'the switches turn back off')

    def test_the_exported_graph_has_matmuls_for_the_1x1_convs_and_query_tiles(self):
        model = _model()
        model.set_export_fusions(True)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'denoiser.onnx')
            export_bundle_denoiser(model, path, GRID)
            nodes = onnx.load(path).graph.node
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                flops = graph_flops(path)
            n_q = quantize_matmuls(path, os.path.join(d, 'int8.onnx'))
        ops = [(n.domain, n.op_type) for n in nodes]
        blocks = len(model.blocks)
        self.assertEqual(ops.count(('com.microsoft', 'RotaryEmbedding')), 2 * blocks, 'q and k of every block')
        # every residual add with the LayerNorm after it; only the first block's first norm has no residual before it
        self.assertEqual(ops.count(('com.microsoft', 'SkipLayerNormalization')), 2 * blocks)
        self.assertEqual(ops.count(('', 'LayerNormalization')), 1)
        self.assertEqual([n.op_type for n in nodes].count('Neg'), 0, 'no RoPE left in plain ops')
        convs = [n for n in nodes if n.op_type == 'Conv']
        groups = [next(a.i for a in n.attribute if a.name == 'group') for n in convs]
        hidden = int(SMALL.hidden * SMALL.ffn_ratio)
        self.assertEqual(groups, [hidden] * (2 * len(model.blocks)), 'only the depthwise convs (value, gate)')
        self.assertEqual([n.op_type for n in nodes].count('Softmax'), 2 * 2, 'two softmax blocks, two query tiles')
        self.assertEqual(err.getvalue(), '', 'every MatMul/Gemm/Conv is counted')
        self.assertGreater(flops, 0)
        # per block: qkv, proj and the FFN's two expansion halves and projection; the two embedders' MLPs and
        # the two modulation Linears (the patch embedding and final linear, 8 x 144, are under min_elements here)
        self.assertEqual(n_q, 5 * len(model.blocks) + 4 + 2)


if __name__ == '__main__':
    unittest.main()
