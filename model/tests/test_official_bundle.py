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
                                    cfg=DENOISER)

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

    def test_the_fixtures_are_pytorch_outputs(self):
        fx = os.path.join(self.out, 'fixtures')
        with open(os.path.join(fx, 'fixtures.json')) as f:
            cases = {c['graph']: c for c in json.load(f)['graphs']}
        self.assertEqual(sorted(cases), ['decoder', 'denoiser', 'encoder'])
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
