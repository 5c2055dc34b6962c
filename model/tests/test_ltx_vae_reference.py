"""Our LTX-Video 0.9.0 VAE (mobilei2v/official/ltx_vae.py) against outputs of diffusers' own
AutoencoderKLLTXVideo code (tests/fixtures/ltx_vae; its README says from which commit and with which shims),
on the same keyed random weights and inputs: the narrow test layout and the full published one. Measured when
the fixtures were made: every difference exactly 0 (same torch 1.13 CPU build); the tolerance leaves room
for another BLAS or thread count."""
import dataclasses
import os
import unittest

import torch

from mobilei2v.official.ltx_vae import PUBLISHED_VAE, LtxVae
from mobilei2v.official.mobiledit import _MetaFactories
from mobilei2v.official.random_weights import SMALL_VAE, keyed_random_module
from mobilei2v.official.vae_bundle import ChunkDecoderGraph, EncoderGraph

torch.set_num_threads(1)
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'ltx_vae')
ATOL = 1e-5   # outputs are O(1) (max |x| 0.8-2.7)


class ReferenceParity:
    """One fixture: our tree with the fixture's keyed weights, each output against diffusers'."""
    name, cfg = None, None

    @classmethod
    def setUpClass(cls):
        cls.fx = torch.load(os.path.join(FIXTURES, cls.name + '.pt'))
        cls.vae = keyed_random_module(lambda: LtxVae(cls.cfg), cls.fx['seed']).eval()

    def assertClose(self, ours, ref, what):
        self.assertEqual(tuple(ours.shape), tuple(ref.shape), what)
        diff = (ours - ref).abs().max().item()
        print(f'\n{self.name} {what}: max |ours - diffusers| {diff:.3g}', end='')
        self.assertLessEqual(diff, ATOL, f'{self.name} {what}: max |diff| {diff} over {ATOL}')

    def test_the_fixture_is_for_this_layout_and_these_weights(self):
        self.assertEqual(self.fx['config'], dataclasses.asdict(self.cfg), 'the fixture was made for another config')
        total = sum(t.double().abs().sum().item() for t in self.vae.state_dict().values())
        self.assertAlmostEqual(total / self.fx['weights_abs_sum'], 1.0, places=9,
                               msg='keyed_random_state no longer makes the fixture\'s weights (changed generator?)')
        self.assertEqual((self.fx['spatial_compression_ratio'], self.fx['temporal_compression_ratio']),
                         (self.cfg.spatial_ratio, self.cfg.temporal_ratio))

    def test_state_dict_keys_and_shapes_are_diffusers(self):
        with _MetaFactories():
            ours = {k: tuple(v.shape) for k, v in LtxVae(self.cfg).state_dict().items()}
        ref = self.fx['ref_shapes']
        self.assertEqual(sorted(set(ref) - set(ours)), [], 'keys only diffusers has')
        self.assertEqual(sorted(set(ours) - set(ref)), [], 'keys only ours has')
        self.assertEqual({k: v for k, v in ours.items() if ref[k] != v}, {}, 'shapes that differ')

    def test_encoder_mean_and_log_variance(self):
        c = self.cfg.latent_channels
        for tag in ('video', 'image'):
            x = self.fx[tag].float()
            x = x.unsqueeze(2) if x.dim() == 4 else x
            with torch.no_grad():
                h = self.vae.encoder(x)
            self.assertClose(h[:, :c], self.fx[tag + '.mean'], f'{tag} {tuple(x.shape)} posterior mean')
            # diffusers repeats the one log-variance channel 128 times and clamps it to [-30, 20]
            self.assertClose(h[:, c:].clamp(-30, 20), self.fx[tag + '.logvar'], f'{tag} log-variance')

    def test_the_bundle_encoder_graph_is_the_scaled_posterior_mean(self):
        with torch.no_grad():
            z0 = EncoderGraph(self.vae)(self.fx['image'].float())
        self.assertClose(z0, self.fx['image.mean'] * self.cfg.scaling_factor, 'EncoderGraph')

    def test_decoder_and_the_bundle_chunk_graph(self):
        z = self.fx['z'].float()
        ref = self.fx['decoded']
        t, h, w = z.shape[2:]
        self.assertEqual(tuple(ref.shape[2:]), (1 + self.cfg.temporal_ratio * (t - 1), self.cfg.spatial_ratio * h,
                                                self.cfg.spatial_ratio * w))
        with torch.no_grad():
            self.assertClose(self.vae.decoder(z), ref, f'decoder {tuple(z.shape)}')
            rows, cols = self.fx['crop']
            graph = ChunkDecoderGraph(self.vae.decoder, self.cfg.scaling_factor, rows, cols)
            self.assertClose(graph(z * self.cfg.scaling_factor), ref[..., :rows, :cols], 'ChunkDecoderGraph')


class SmallLayoutTest(ReferenceParity, unittest.TestCase):
    name, cfg = 'small', SMALL_VAE


class PublishedLayoutTest(ReferenceParity, unittest.TestCase):
    """419,193,649 parameters (1.7 GB fp32, ~10 s to fill), 9-frame 32x32 video: ~30 s on one thread."""
    name, cfg = 'full', PUBLISHED_VAE


if __name__ == '__main__':
    unittest.main()
