"""model/ tests: shapes, causality, conditioning, noise, schedules, data conventions, export.

Run from model/: /usr/bin/python3 -m unittest discover -s tests -v   (model/run_tests.sh does).
ONNX Runtime is not packaged for Debian's Python, so ORT-vs-PyTorch parity (1e-4) is
checked from Java, on the same fixtures, by inference's FixtureParityTest.
"""
import os
import random
import tempfile
import unittest

import numpy as np
import torch

from mobilei2v.autoencoder import VideoAutoencoder, frame_plan
from mobilei2v.config import AE_NANO, NANO, FULL, CAMERA_CLASSES
from mobilei2v.data import procedural_texture, render_clip
from mobilei2v.dit import Denoiser, MixFFN, SoftmaxAttention, count_parameters, rope_tables
from mobilei2v.motion import estimate
from mobilei2v.noise import seeded_noise, splitmix64
from mobilei2v.schedule import teacher_sigmas, euler_sample

torch.set_num_threads(2)


class DenoiserTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.m = Denoiser(NANO).eval()
        torch.nn.init.normal_(self.m.final_linear.weight, std=0.05)

    def inputs(self, b=2):
        x = torch.randn(b, 32, 3, 9, 16)
        t = torch.tensor([[0.0, 800.0, 800.0]] * b)
        return x, t, torch.full((b,), 2.0), torch.tensor([1] * b)

    def test_shapes_and_clean_frame(self):
        x, t, m, c = self.inputs()
        v = self.m(x, t, m, c)
        self.assertEqual(v.shape, x.shape)
        self.assertTrue(torch.all(v[:, :, 0] == 0), 'frame 0 (timestep 0) must get zero velocity')

    def test_conditioning_changes_output(self):
        x, t, m, c = self.inputs()
        v1 = self.m(x, t, m, c)
        v2 = self.m(x, t, m, torch.tensor([5, 5]))
        v3 = self.m(x, t, torch.full((2,), 3.5), c)
        self.assertGreater((v1 - v2).abs().max().item(), 1e-4, 'camera class must reach the output')
        self.assertGreater((v1 - v3).abs().max().item(), 1e-4, 'motion score must reach the output')

    def test_first_frame_replacement_in_sampler(self):
        x, _, m, c = self.inputs()
        z0 = torch.randn(2, 32, 1, 9, 16)
        out = euler_sample(self.m, x, z0, [1.0, 0.5, 0.0], m, c)
        self.assertTrue(torch.equal(out[:, :, :1], z0))

    def test_head_tiled_softmax_equals_full(self):
        x, t, m, c = self.inputs()
        a = self.m(x, t, m, c)
        self.m.set_head_tiled(True)
        b = self.m(x, t, m, c)
        self.assertLess((a - b).abs().max().item(), 1e-5)
        self.m.set_head_tiled(False)
        for blk in self.m.blocks:   # 432 tokens in tiles of 100 query rows: 4 full tiles and one of 32
            if blk.kind == 'softmax':
                blk.attn.query_tile = 100
        self.assertLess((a - self.m(x, t, m, c)).abs().max().item(), 1e-5)

    def test_export_fusions_are_the_same_model(self):
        # every rewrite set_export_fusions makes for ONNX Runtime must keep the output (random
        # weights everywhere, so a wrong slice or half cannot hide behind zero-initialised layers)
        for p in self.m.parameters():
            torch.nn.init.normal_(p, std=0.05)
        x, t, m, c = self.inputs()
        with torch.no_grad():
            a = self.m(x, t, m, c)
            self.m.set_export_fusions(True)
            b = self.m(x, t, m, c)
        self.assertGreater(a.abs().max().item(), 0.1)
        self.assertLess((a - b).abs().max().item(), 1e-4)
        # inside the model the FFN's share of the output is small; compare the module itself too
        ffn = MixFFN(48, 80)
        for p in ffn.parameters():
            torch.nn.init.normal_(p, std=0.3)
        tokens = torch.randn(2, 3 * 5 * 7, 48)
        with torch.no_grad():
            plain = ffn(tokens, (3, 5, 7))
            ffn.split_gate = True
            split = ffn(tokens, (3, 5, 7))
        self.assertGreater(plain.abs().max().item(), 1.0)
        self.assertLess((plain - split).abs().max().item(), 1e-4)
        att = SoftmaxAttention(96, 4)   # and softmax attention in query tiles: 432 rows as 4 x 100 + 32
        for p in att.parameters():
            torch.nn.init.normal_(p, std=0.3)
        tokens = torch.randn(1, 432, 96)
        cos, sin = rope_tables(3, 9, 16, 24, (1.0, 1.0, 1.0))
        with torch.no_grad():
            whole = att(tokens, cos, sin)
            att.query_tile = 100
            tiles = att(tokens, cos, sin)
        self.assertGreater(whole.abs().max().item(), 1.0)
        self.assertLess((whole - tiles).abs().max().item(), 1e-4)

    def test_block_pattern(self):
        self.assertEqual(FULL['block_kinds'], ['linear'] * 7 + ['softmax'] + ['linear'] * 7 + ['softmax'])
        self.assertEqual(NANO['block_kinds'], ['linear'] * 3 + ['softmax'] + ['linear'] * 3 + ['softmax'])

    def test_full_parameter_count_close_to_published(self):
        n = count_parameters(Denoiser(FULL))
        # documented difference (params.py): affine norms + unpublished motion/text modules
        self.assertLess(abs(n - FULL['published_params']) / FULL['published_params'], 0.05)


class AutoencoderTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.ae = VideoAutoencoder(AE_NANO).eval()

    def test_shapes(self):
        v = torch.rand(1, 3, 17, 144, 256) * 2 - 1
        z = self.ae.encode_video(v)
        self.assertEqual(tuple(z.shape), (1, 32, 3, 9, 16))
        f = self.ae.decode_frames(z, list(range(17)))
        self.assertEqual(tuple(f.shape), (1, 3, 17, 144, 256))

    def test_image_latent_is_latent_frame_zero(self):
        v = torch.rand(1, 3, 17, 144, 256) * 2 - 1
        z = self.ae.encode_video(v)
        self.assertTrue(torch.allclose(z[:, :, 0], self.ae.encoder(v[:, :, 0]), atol=1e-6))

    def test_encoder_is_causal(self):
        v = torch.rand(1, 3, 17, 144, 256) * 2 - 1
        w = v.clone()
        w[:, :, 9:] = torch.rand_like(w[:, :, 9:])  # change only frames after 8
        z1, z2 = self.ae.encode_video(v), self.ae.encode_video(w)
        self.assertTrue(torch.equal(z1[:, :, :2], z2[:, :, :2]), 'latent frames 0,1 must not see frames > 8')

    def test_decoder_is_causal(self):
        z = torch.randn(1, 32, 3, 9, 16)
        y = z.clone()
        y[:, :, 2] = torch.randn(1, 32, 9, 16)  # change only the last latent frame
        a = self.ae.decode_frames(z, list(range(9)))
        b = self.ae.decode_frames(y, list(range(9)))
        self.assertTrue(torch.equal(a, b), 'frames 0..8 must not depend on latent frame 2')

    def test_frame_plan(self):
        p = frame_plan(17, 8)
        self.assertEqual(p[0], (0, 0, 0.0))
        self.assertEqual(p[1], (0, 1, 0.125))
        self.assertEqual(p[8], (0, 1, 1.0))
        self.assertEqual(p[9], (1, 2, 0.125))
        self.assertEqual(p[16], (1, 2, 1.0))


class NoiseAndScheduleTest(unittest.TestCase):
    def test_splitmix_reference(self):
        # SplitMix64 reference outputs for seed 0 (Vigna's reference implementation)
        self.assertEqual([int(x) for x in splitmix64(0, 2)], [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4])

    def test_noise_is_standard_normal_and_seeded(self):
        a = seeded_noise(42, (1, 32, 3, 9, 16))
        b = seeded_noise(42, (1, 32, 3, 9, 16))
        c = seeded_noise(43, (1, 32, 3, 9, 16))
        self.assertTrue(np.array_equal(a, b))
        self.assertFalse(np.array_equal(a, c))
        self.assertLess(abs(a.mean()), 0.1)
        self.assertLess(abs(a.std() - 1), 0.1)

    def test_teacher_schedule(self):
        s = teacher_sigmas(20)
        self.assertEqual(len(s), 21)
        self.assertEqual(s[0], 1.0)
        self.assertEqual(s[-1], 0.0)
        self.assertTrue(all(x > y for x, y in zip(s, s[1:])))


class DataConventionTest(unittest.TestCase):
    def test_camera_directions_as_the_viewer_sees_them(self):
        rng = random.Random(5)
        src = procedural_texture(random.Random(9))
        for cam in CAMERA_CLASSES:
            clip = render_clip(src, cam, 2.5, rng, parallax=False, lighting=False)
            est = estimate(clip[:, 0], clip[:, 16])
            self.assertEqual(est[0], cam, f'{cam}: estimated {est[:4]}')
        # pan-left: the content slides RIGHT (dx > 0)
        clip = render_clip(src, 'pan-left', 2.5, rng, parallax=False, lighting=False)
        self.assertGreater(estimate(clip[:, 0], clip[:, 16])[1], 0)


class ExportTest(unittest.TestCase):
    def test_graph_exports_valid_onnx_with_contract_names(self):
        import onnx
        from export_bundle import DecoderGraph
        from mobilei2v.bundle_io import io_spec
        from mobilei2v.onnx_export import export, to_fp16_weights
        ae = VideoAutoencoder(AE_NANO).eval()
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'decoder.onnx')
            z = torch.zeros(1, 32, 9, 16)
            export(DecoderGraph(ae.decoder), (z, z, torch.tensor([0.5])), p, ['latent_prev', 'latent_cur', 'phase'], ['frame'])
            spec = io_spec(p)
            self.assertEqual([i['name'] for i in spec['inputs']], ['latent_prev', 'latent_cur', 'phase'])
            self.assertEqual(spec['outputs'][0]['shape'], [1, 3, 144, 256])
            size = os.path.getsize(p)
            to_fp16_weights(p)
            onnx.checker.check_model(onnx.load(p))
            self.assertLess(os.path.getsize(p), 0.6 * size, 'fp16 weights should halve the file')

    def test_int8_quantisation_rewrites_weight_matmuls(self):
        import onnx
        from mobilei2v.onnx_export import export
        from mobilei2v.quantize import quantize_matmuls
        torch.manual_seed(0)
        m = Denoiser(NANO).eval()
        with tempfile.TemporaryDirectory() as d:
            p, q = os.path.join(d, 'den.onnx'), os.path.join(d, 'int8', 'den.onnx')
            x = torch.zeros(1, 32, 3, 9, 16)
            export(m, (x, torch.tensor([[0.0, 1000.0, 1000.0]]), torch.tensor([2.0]), torch.tensor([1])),
                   p, ['latents', 'timestep', 'motion_score', 'camera'], ['velocity'])
            n = quantize_matmuls(p, q)
            ops = [node.op_type for node in onnx.load(q).graph.node]
            # qkv + proj + both FFN projections in each of the 8 blocks, at least
            self.assertGreaterEqual(n, 8 * 4)
            self.assertEqual(ops.count('MatMulInteger'), n)
            # the shape ONNX Runtime's MatMulIntegerToFloatFusion matches: Cast(MatMulInteger) times
            # ONE Mul of the two scales, so the chain runs as one DynamicQuantizeMatMul kernel
            g = onnx.load(q).graph
            producer = {o: node for node in g.node for o in node.output}
            consumers = lambda name: [node for node in g.node if name in node.input]
            for mmi in (node for node in g.node if node.op_type == 'MatMulInteger'):
                cast, = consumers(mmi.output[0])
                self.assertEqual(cast.op_type, 'Cast')
                mul, = consumers(cast.output[0])
                self.assertEqual(mul.op_type, 'Mul')
                scale = producer[[i for i in mul.input if i != cast.output[0]][0]]
                self.assertEqual(scale.op_type, 'Mul', 'the scales are multiplied before the output is')
                self.assertIn(producer[mmi.input[0]].output[1], scale.input, 'a_scale of this MatMul')
            self.assertLess(os.path.getsize(q), 0.5 * os.path.getsize(p))


if __name__ == '__main__':
    unittest.main()
