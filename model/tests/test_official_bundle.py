"""convert_official.py / mobilei2v/official/bundle.py: a random-weights bundle at a small grid (the VAE at
the published structure, narrower) whose manifest passes the docs/BUNDLE.md rules (mobilei2v/bundle_check.py),
with valid ONNX graphs and fixtures equal to PyTorch's outputs."""
import io
import json
import os
import tempfile
import unittest
from contextlib import redirect_stderr

import numpy as np
import onnx
import torch

from mobilei2v.bundle_check import check_bundle
from mobilei2v.official.bundle import SIGMA_MIN, video_size, write_bundle
from mobilei2v.official.denoiser_variants import VARIANTS, chosen
from mobilei2v.quantize import EmulatedInt8, quantize_matmuls
from mobilei2v.official.checkpoint_io import write_safetensors
from mobilei2v.official.mobiledit import Mobiledit
from mobilei2v.official.vae_bundle import ChunkDecoderGraph, load_vae, stream_decode
from mobilei2v.official.random_weights import SMALL_DENOISER, SMALL_GRID, SMALL_VIDEO, write_vae_dir

torch.set_num_threads(1)
DENOISER, GRID, VIDEO = SMALL_DENOISER, SMALL_GRID, SMALL_VIDEO


def _read(fx, entry):
    return np.fromfile(os.path.join(fx, entry['file']), dtype='<f4').reshape(entry['shape'])


class OfficialBundleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        torch.manual_seed(4)
        cls.checkpoint = os.path.join(d, 'denoiser.safetensors')
        write_safetensors(cls.checkpoint, Mobiledit(DENOISER).state_dict())
        cls.vae_dir = os.path.join(d, 'vae')
        write_vae_dir(cls.vae_dir)
        cls.out = os.path.join(d, 'bundle')
        cls.manifest = write_bundle(cls.checkpoint, cls.vae_dir, cls.out, grid=GRID, video=VIDEO, teacher_steps=4,
                                    cfg=DENOISER, run_fixture=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_bundle_passes_the_rules_and_says_what_the_pipeline_needs(self):
        self.assertEqual(check_bundle(self.out), [])
        m = self.manifest
        self.assertEqual(m['video'], {'width': 96, 'height': 56, 'frames': 17, 'fps': 17})
        self.assertEqual(m['decoder']['kind'], 'vae-chunk')
        self.assertEqual((m['decoder']['window'], m['decoder']['exact']), (3, True))
        self.assertEqual({k: m['latent'][k] for k in ('channels', 'frames', 'height', 'width', 'spatial_ratio',
                                                       'temporal_ratio', 'scaling_factor')},
                         {'channels': 128, 'frames': 3, 'height': 2, 'width': 3, 'spatial_ratio': 32,
                          'temporal_ratio': 8, 'scaling_factor': 0.5})
        (teacher,) = m['sampler']['schedules']
        self.assertEqual(teacher['name'], 'teacher-4')
        self.assertEqual(teacher['guidance'], {'scale': 4.5, 'unconditional': 'same-call'})
        self.assertAlmostEqual(teacher['sigmas'][-2], 3 * SIGMA_MIN / (1 + 2 * SIGMA_MIN))
        self.assertEqual(m['graphs']['decoder'], {'inputs': [{'name': 'latents', 'dtype': 'float32', 'shape': [1, 128, 3, 2, 3]}],
                                                  'outputs': [{'name': 'frames', 'dtype': 'float32', 'shape': [1, 3, 17, 56, 96]}]})
        self.assertEqual(m['graphs']['encoder']['outputs'][0]['shape'], [1, 128, 1, 2, 3])
        for rel in m['variants']['desktop']['graphs'].values():
            onnx.checker.check_model(onnx.load(os.path.join(self.out, rel)))

    def test_four_variants_share_the_encoder_and_decoder_and_the_int8_ones_are_quantised(self):
        v = self.manifest['variants']
        self.assertEqual(list(v), list(VARIANTS))
        self.assertEqual({n: v[n]['graphs']['denoiser'] for n in v},
                         {'desktop': 'desktop/denoiser.onnx', 'mobile': 'mobile/denoiser.onnx',
                          'desktop-int8': 'int8/denoiser.onnx', 'mobile-int8': 'mobile-int8/denoiser.onnx'})
        for n in v:
            self.assertEqual((v[n]['graphs']['encoder'], v[n]['graphs']['decoder']),
                             ('desktop/encoder.onnx', 'desktop/decoder.onnx'))
        self.assertFalse(os.path.exists(os.path.join(self.out, 'scratch')))
        for n in ('desktop-int8', 'mobile-int8'):
            self.assertEqual(v[n]['precision'], 'int8-dynamic')
            ops = [node.op_type for node in onnx.load(os.path.join(self.out, v[n]['graphs']['denoiser'])).graph.node]
            self.assertGreater(ops.count('MatMulInteger'), 10)
        mobile = onnx.load(os.path.join(self.out, 'mobile/denoiser.onnx')).graph.node
        desktop = onnx.load(os.path.join(self.out, 'desktop/denoiser.onnx')).graph.node
        self.assertEqual([n.op_type for n in mobile].count('Softmax'), 2 * DENOISER.heads)   # 2 softmax blocks
        self.assertEqual([n.op_type for n in desktop].count('Softmax'), 2)

    def test_variants_can_be_chosen_and_unknown_ones_are_named(self):
        self.assertEqual(chosen(['mobile-int8', 'desktop']), ('desktop', 'mobile-int8'))
        self.assertEqual(chosen(None), VARIANTS)
        with self.assertRaises(ValueError) as e:
            chosen(['desktop', 'fp16'])
        self.assertIn('--variants: fp16: the variants are desktop, mobile, desktop-int8, mobile-int8', str(e.exception))
        with tempfile.TemporaryDirectory() as d:
            m = write_bundle(self.checkpoint, self.vae_dir, os.path.join(d, 'b'), grid=GRID, video=VIDEO,
                             teacher_steps=2, cfg=DENOISER, variants=['mobile-int8'])
            self.assertEqual(check_bundle(os.path.join(d, 'b')), [])
            self.assertEqual(list(m['variants']), ['mobile-int8'])
            self.assertEqual({f for f in m['files'] if not f.startswith('fixtures/')},
                             {'desktop/encoder.onnx', 'desktop/decoder.onnx', 'mobile-int8/denoiser.onnx'})
            with open(os.path.join(d, 'b', 'fixtures', 'fixtures.json')) as f:
                self.assertEqual({c['variant'] for c in json.load(f)['graphs']}, {'mobile-int8'})

    def test_the_int8_emulation_is_the_quantised_graphs_arithmetic(self):
        torch.manual_seed(5)
        lin = torch.nn.Linear(96, 64).eval()
        x = torch.randn(1, 7, 96) * 3 + 0.5
        with tempfile.TemporaryDirectory() as d:
            src, dst = os.path.join(d, 'a.onnx'), os.path.join(d, 'q.onnx')
            torch.onnx.export(lin, (x,), src, input_names=['x'], output_names=['y'], opset_version=17)
            self.assertEqual(quantize_matmuls(src, dst), 1)
            inits = {i.name: onnx.numpy_helper.to_array(i) for i in onnx.load(dst).graph.initializer}
        wq = next(a for k, a in inits.items() if k.endswith('_w')).astype(np.float64)
        ws = next(a for k, a in inits.items() if k.endswith('_ws')).astype(np.float64)
        a = x.numpy().astype(np.float32)
        lo, hi = min(0.0, float(a.min())), max(0.0, float(a.max()))
        scale = np.float32((hi - lo) / 255)                                   # DynamicQuantizeLinear
        zero = np.clip(np.round(-lo / scale), 0, 255)
        aq = np.clip(np.round(a / scale) + zero, 0, 255)
        graph = ((aq - zero) @ wq) * scale * ws + lin.bias.detach().numpy()   # MatMulInteger, Cast, Mul, Mul, Add
        with torch.no_grad(), EmulatedInt8() as emu:
            emulated = lin(x)
        self.assertEqual(emu.calls, 1)
        self.assertLess(np.abs(emulated.numpy() - graph).max(), 1e-4)
        self.assertGreater(np.abs(emulated.numpy() - lin(x).detach().numpy()).max(), 1e-3)

    def test_the_fixtures_are_pytorch_outputs(self):
        fx = os.path.join(self.out, 'fixtures')
        with open(os.path.join(fx, 'fixtures.json')) as f:
            cases = {c['graph']: c for c in json.load(f)['graphs']}
        self.assertEqual(sorted(cases), ['decoder', 'denoiser', 'encoder'])   # the last case per graph: mobile-int8
        with open(os.path.join(fx, 'fixtures.json')) as f:
            den = [c for c in json.load(f)['graphs'] if c['graph'] == 'denoiser']
        self.assertEqual([c['variant'] for c in den], list(VARIANTS))
        self.assertEqual({c['inputs']['latents']['file'] for c in den}, {'denoiser_in_latents.bin'})
        desktop, mobile, int8 = (_read(fx, c['outputs']['velocity']) for c in den[:3])
        self.assertLess(np.abs(desktop - mobile).max(), 1e-5, 'head tiling changes no value')
        self.assertTrue(np.array_equal(desktop, int8), 'the int8 fixture is the fp32 output it approximates')
        self.assertGreater(den[2]['emulated_int8_max_abs_diff'], 1e-3)
        self.assertAlmostEqual(den[2]['atol'], 2 * den[2]['emulated_int8_max_abs_diff'] + den[0]['atol'])
        vae = load_vae(self.vae_dir)
        dec = cases['decoder']
        latents = torch.from_numpy(_read(fx, dec['inputs']['latents']))
        with torch.no_grad():
            full = vae.decoder(latents / 0.5)
            streamed = stream_decode(ChunkDecoderGraph(vae.decoder, 0.5, 56, 96), latents, 3)
        expected = _read(fx, dec['outputs']['frames'])
        self.assertTrue(np.array_equal(expected, full[:, :, :, :56, :96].numpy()))
        self.assertTrue(np.array_equal(expected, streamed.numpy()))
        enc = cases['encoder']
        with torch.no_grad():
            z = vae.encode_mean(torch.from_numpy(_read(fx, enc['inputs']['image'])).unsqueeze(2)) * 0.5
        self.assertTrue(np.allclose(_read(fx, enc['outputs']['latent']), z.numpy(), atol=1e-6))
        self.assertEqual(cases['denoiser']['outputs']['velocity']['shape'], [1, 128, 3, 2, 3])

    def test_the_whole_run_fixture_starts_from_the_encoder_fixture_and_keeps_its_condition_frame(self):
        fx = os.path.join(self.out, 'fixtures')
        with open(os.path.join(fx, 'fixtures.json')) as f:
            fixtures = json.load(f)
        (run,) = fixtures['runs']       # the Java side replays it (VaeChunkBundleTest, VaeChunkTiledTest)
        enc = next(c for c in fixtures['graphs'] if c['graph'] == 'encoder')
        self.assertEqual((run['schedule'], run['variant'], run['seed']), ('teacher-4', 'desktop', 7))
        self.assertTrue(np.array_equal(_read(fx, run['image']), _read(fx, enc['inputs']['image'])))
        latents, z0 = _read(fx, run['latents']), _read(fx, enc['outputs']['latent'])
        self.assertTrue(np.array_equal(latents[:, :, :1], z0), 'the sampler rewrites the condition frame')
        self.assertFalse(np.allclose(latents[:, :, 1:], _read(fx, run['noise'])[:, :, 1:], atol=0.1), 'sampled')
        frames = np.fromfile(os.path.join(fx, run['frames']['file']), dtype=np.uint8).reshape(run['frames']['shape'])
        self.assertEqual(list(frames.shape), [5, 56, 96, 3])
        self.assertGreater(frames.std(), 5, 'the frames are not flat')

    def test_a_tampered_bundle_names_the_field(self):
        with open(os.path.join(self.out, 'manifest.json')) as f:
            m = json.load(f)
        with tempfile.TemporaryDirectory() as d:
            m2 = dict(m, video=dict(m['video'], frames=16), decoder=dict(m['decoder'], window=1))
            with open(os.path.join(d, 'manifest.json'), 'w') as f:
                json.dump(m2, f)
            text = '; '.join(check_bundle(d))
            with open(os.path.join(d, 'manifest.json'), 'w') as f:
                json.dump(m, f)
            missing = check_bundle(d)
        self.assertIn('video.frames: must equal 1 + latent.temporal_ratio', text)
        self.assertIn('decoder.window: must be an integer in [2, latent.frames = 3]', text)
        self.assertIn("files['desktop/encoder.onnx']: the file does not exist", missing)

    def test_sizes_that_do_not_fit_the_grid_are_refused(self):
        self.assertEqual(video_size((3, 23, 40), (1280, 720)), (1280, 720))
        self.assertEqual(video_size((3, 23, 40)), (1280, 736))
        with self.assertRaises(ValueError) as e:
            video_size((3, 23, 40), (1280, 704))
        self.assertIn('video height 704 does not encode to 23 latent cells', str(e.exception))

    def test_without_a_vae_the_command_writes_nothing_and_says_what_is_missing(self):
        import convert_official
        out = os.path.join(self.tmp.name, 'none')
        err = io.StringIO()
        with self.assertRaises(Exception):           # the small checkpoint is not the published size
            convert_official.main([self.checkpoint, '--out', out])
        from mobilei2v.official import convert
        real = convert.load_published
        convert_official.load_published = lambda path: None
        try:
            with redirect_stderr(err):
                self.assertEqual(convert_official.main([self.checkpoint, '--out', out]), 2)
        finally:
            convert_official.load_published = real
        self.assertIn('no --vae given; missing: the LTX-Video VAE', err.getvalue())
        self.assertFalse(os.path.exists(out))


if __name__ == '__main__':
    unittest.main()
