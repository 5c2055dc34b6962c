"""mobilei2v/official/tiling.py: the tile starts and blend weights of the tiled vae-chunk decoder, the
assembly checked with a decoder that sees no context (tiled = untiled exactly), a bundle with a tiled
decoder, and how much tiling changes the narrow random-weights VAE's output."""
import json
import os
import tempfile
import unittest

import numpy as np
import torch

from mobilei2v.bundle_check import check_bundle
from mobilei2v.official.bundle import decoder_tile_spec, write_bundle
from mobilei2v.official.random_weights import SMALL_DENOISER, write_random
from mobilei2v.official.tiling import axis_weights, tile_plan, tile_starts, tiled_decode
from mobilei2v.official.vae_bundle import ChunkDecoderGraph, load_vae

torch.set_num_threads(1)
GRID, VIDEO, TILE = (3, 4, 6), (184, 120), (2, 4, 1)   # 3 x 2 tiles, both edges cropped (128 -> 120, 192 -> 184)


def _read(fx, entry):
    return np.fromfile(os.path.join(fx, entry['file']), dtype='<f4').reshape(entry['shape'])


class TilePlanTest(unittest.TestCase):
    def test_starts_step_by_tile_minus_overlap_and_clamp_the_last(self):
        self.assertEqual(tile_starts(23, 13, 2), [0, 10])          # 720p rows: overlap 3 after the clamp
        self.assertEqual(tile_starts(40, 15, 2), [0, 13, 25])      # 1280 columns: overlaps 2, 3
        self.assertEqual(tile_starts(40, 16, 2), [0, 14, 24])      # diffusers' 512-pixel tile, 448 stride
        self.assertEqual(tile_starts(4, 2, 1), [0, 1, 2])
        self.assertEqual(tile_starts(6, 6, 5), [0])
        self.assertEqual(tile_plan(4, 6, 2, 4, 1), [(0, 0), (0, 2), (1, 0), (1, 2), (2, 0), (2, 2)])
        with self.assertRaisesRegex(ValueError, 'overlap must be in'):
            tile_starts(10, 4, 4)
        with self.assertRaisesRegex(ValueError, 'does not fit'):
            tile_starts(3, 4, 1)

    def test_weights_sum_to_one_and_follow_the_linear_ramp_of_an_exact_overlap(self):
        for n, t, o, r in ((23, 13, 2, 32), (40, 15, 2, 32), (6, 4, 1, 4), (4, 2, 1, 8), (9, 4, 0, 2), (5, 5, 2, 3)):
            total = torch.zeros(n * r, dtype=torch.float64)
            for start, w in axis_weights(n, t, o, r):
                total[start:start + t * r] += w
            self.assertTrue(torch.allclose(total, torch.ones_like(total), atol=1e-12), (n, t, o))
        (_, first), (_, second) = axis_weights(5, 3, 1, 4)             # starts 0, 2: overlap exactly 1 cell = 4 px
        band = torch.arange(4, dtype=torch.float64) / 4                 # the later tile's y / band, diffusers' blend
        self.assertTrue(torch.allclose(second[:4], band))
        self.assertTrue(torch.allclose(first[8:], 1 - band))
        self.assertTrue(torch.equal(first[:8], torch.ones(8, dtype=torch.float64)))

    def test_a_decoder_without_context_decodes_the_same_tiled(self):
        def pointwise(z):   # each latent cell -> its own 4x4 pixels, frames 1 + 2 (T - 1): no neighbour seen
            y = z[:, :3].repeat_interleave(4, dim=3).repeat_interleave(4, dim=4)
            return torch.cat([y[:, :, :1], y[:, :, 1:].repeat_interleave(2, dim=2)], dim=2)
        z = torch.randn(1, 5, 3, 7, 9)
        whole = pointwise(z)[:, :, :, :26, :33]
        for th, tw, o in ((3, 4, 1), (2, 2, 0), (7, 5, 2), (4, 9, 3)):
            tiled = tiled_decode(pointwise, z, th, tw, o, 4, 26, 33)
            self.assertLess((tiled - whole).abs().max().item(), 1e-6, (th, tw, o))


class TiledBundleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.checkpoint, cls.vae_dir = write_random(cls.tmp.name, small=True, seed=5)
        cls.out = os.path.join(cls.tmp.name, 'bundle')
        cls.manifest = write_bundle(cls.checkpoint, cls.vae_dir, cls.out, grid=GRID, video=VIDEO, teacher_steps=2,
                                    cfg=SMALL_DENOISER, decoder_tile=TILE)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_manifest_carries_the_tile_and_the_decoder_graph_has_its_shape(self):
        m = self.manifest
        self.assertEqual(m['decoder']['tile'], {'height': 2, 'width': 4, 'overlap': 1})
        self.assertEqual(m['graphs']['decoder']['inputs'][0]['shape'], [1, 128, 3, 2, 4])
        self.assertEqual(m['graphs']['decoder']['outputs'][0]['shape'], [1, 3, 17, 64, 128])
        self.assertEqual(check_bundle(self.out), [])

    def test_bundle_check_names_a_bad_tile_field(self):
        with open(os.path.join(self.out, 'manifest.json')) as f:
            m = json.load(f)
        for field, value, message in (('height', 5, 'decoder.tile.height'), ('width', 0, 'decoder.tile.width'),
                                      ('overlap', 2, 'decoder.tile.overlap')):
            bad = json.loads(json.dumps(m))
            bad['decoder']['tile'][field] = value
            with open(os.path.join(self.out, 'manifest.json'), 'w') as f:
                json.dump(bad, f)
            try:
                problems = check_bundle(self.out)
            finally:
                with open(os.path.join(self.out, 'manifest.json'), 'w') as f:
                    json.dump(m, f)
            self.assertTrue(any(p.startswith(message) for p in problems), problems)
        with open(os.path.join(self.out, 'manifest.json'), 'w') as f:
            json.dump({**m, 'decoder': {k: v for k, v in m['decoder'].items() if k != 'tile'}}, f)
        try:
            self.assertTrue(any('graphs.decoder: shapes must be' in p for p in check_bundle(self.out)))
        finally:
            with open(os.path.join(self.out, 'manifest.json'), 'w') as f:
                json.dump(m, f)

    def test_the_tiled_fixture_is_the_blend_of_the_tile_graph_and_how_far_it_is_from_whole_frames(self):
        fx = os.path.join(self.out, 'fixtures')
        with open(os.path.join(fx, 'fixtures.json')) as f:
            tiled = json.load(f)['tiled']
        z, frames = torch.from_numpy(_read(fx, tiled['latents'])), _read(fx, tiled['frames'])
        vae = load_vae(self.vae_dir)
        whole = ChunkDecoderGraph(vae.decoder, vae.cfg.scaling_factor, VIDEO[1], VIDEO[0]).eval()
        tile = ChunkDecoderGraph(vae.decoder, vae.cfg.scaling_factor, 64, 128).eval()
        with torch.no_grad():
            again = tiled_decode(tile, z, 2, 4, 1, 32, VIDEO[1], VIDEO[0]).numpy()
            untiled = whole(z).numpy()
        self.assertEqual(frames.shape, (1, 3, 17, 120, 184))
        self.assertLess(np.abs(frames - again).max(), 1e-6)
        diff = np.abs(frames - untiled)
        print(f'\ntiled 2x4 (overlap 1) vs whole frames, narrow random VAE: max |diff| {diff.max():.3f}, mean '
              f'{diff.mean():.4f} (outputs up to {np.abs(untiled).max():.3f})')
        self.assertGreater(diff.max(), 1e-3, 'a tile sees less context: the output must differ')

    def test_a_tile_as_large_as_the_grid_is_no_tile(self):
        self.assertIsNone(decoder_tile_spec((4, 6, 1), GRID))
        self.assertIsNone(decoder_tile_spec(None, GRID))
        with self.assertRaisesRegex(ValueError, 'does not fit'):
            decoder_tile_spec((5, 6, 1), GRID)
        with self.assertRaisesRegex(ValueError, 'overlap must be in'):
            decoder_tile_spec((2, 4, 2), GRID)


if __name__ == '__main__':
    unittest.main()
