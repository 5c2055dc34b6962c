"""The LTX-Video VAE tree (mobilei2v/official/ltx_vae.py): published parameter counts on meta, diffusers'
key names, strict loading through .safetensors, the patchify/unpatchify layout, and the `vae-chunk`
window schedule (mobilei2v/official/vae_bundle.py) against decoding all latent frames at once."""
import json
import os
import tempfile
import unittest

import torch

from mobilei2v.official.checkpoint_io import CheckpointError, write_safetensors
from mobilei2v.official.ltx_vae import (PUBLISHED_DECODER_PARAMS, PUBLISHED_ENCODER_PARAMS, PUBLISHED_VAE, Decoder, LtxVae,
                                        parameter_counts)
from mobilei2v.official.random_weights import SMALL_VAE, vae_config_json, write_vae_dir
from mobilei2v.official.vae_bundle import (ChunkDecoderGraph, load_vae, stream_decode, temporal_radius,
                                           window_plan)

torch.set_num_threads(1)
SMALL_JSON = vae_config_json(SMALL_VAE)


class LtxVaeTreeTest(unittest.TestCase):
    def test_published_config_counts_its_parameters_without_allocating(self):
        self.assertEqual(parameter_counts(), (PUBLISHED_ENCODER_PARAMS, PUBLISHED_DECODER_PARAMS))

    def test_diffusers_key_names_and_shapes(self):
        sd = LtxVae(SMALL_VAE).state_dict()
        shapes = {
            'encoder.conv_in.conv.weight': (8, 48, 3, 3, 3),
            'encoder.down_blocks.0.resnets.0.conv1.conv.weight': (8, 8, 3, 3, 3),
            'encoder.down_blocks.0.downsamplers.0.conv.weight': (8, 8, 3, 3, 3),
            'encoder.down_blocks.0.conv_out.norm3.weight': (8,),
            'encoder.down_blocks.0.conv_out.conv_shortcut.conv.weight': (16, 8, 1, 1, 1),
            'encoder.mid_block.resnets.0.conv2.conv.bias': (32,),
            'encoder.conv_out.conv.weight': (129, 32, 3, 3, 3),
            'decoder.conv_in.conv.weight': (32, 128, 3, 3, 3),
            'decoder.up_blocks.1.upsamplers.0.conv.conv.weight': (256, 32, 3, 3, 3),
            'decoder.up_blocks.2.conv_in.norm3.bias': (32,),
            'decoder.up_blocks.3.upsamplers.0.conv.conv.weight': (64, 8, 3, 3, 3),
            'decoder.conv_out.conv.weight': (48, 8, 3, 3, 3),
            'latents_mean': (128,), 'latents_std': (128,)}
        for key, shape in shapes.items():
            self.assertEqual(tuple(sd[key].shape), shape, key)
        self.assertNotIn('encoder.down_blocks.3.downsamplers.0.conv.weight', sd, 'the last stage keeps its size')
        self.assertNotIn('decoder.up_blocks.0.upsamplers.0.conv.conv.weight', sd)
        self.assertFalse([k for k in sd if 'norm1' in k or 'norm2' in k], 'the RMSNorms carry no weights')

    def test_a_diffusers_folder_loads_strictly_and_a_wrong_one_names_the_key(self):
        with tempfile.TemporaryDirectory() as d:
            vae = write_vae_dir(d)
            again = load_vae(d)
            self.assertEqual(again.cfg, SMALL_VAE)
            for k, v in vae.state_dict().items():
                self.assertTrue(torch.equal(v, again.state_dict()[k]), k)
            tensors = vae.state_dict()
            del tensors['decoder.conv_out.conv.bias']
            write_safetensors(os.path.join(d, 'diffusion_pytorch_model.safetensors'), tensors)
            with self.assertRaises(CheckpointError) as e:
                load_vae(d)
            self.assertIn('missing 1 key(s): decoder.conv_out.conv.bias (48,)', str(e.exception))
            with open(os.path.join(d, 'config.json'), 'w') as f:
                json.dump({**SMALL_JSON, 'timestep_conditioning': True}, f)
            with self.assertRaises(ValueError) as e:
                load_vae(d)
            self.assertIn("config.json: field 'timestep_conditioning' is True", str(e.exception))

    def test_sizes_and_the_patch_layout(self):
        vae = LtxVae(SMALL_VAE).eval()
        with torch.no_grad():
            z = vae.encoder(torch.randn(1, 3, 9, 40, 64))          # 40 rows: not a multiple of 32
            self.assertEqual(tuple(z.shape), (1, 129, 2, 2, 2))    # ceil(40 / 32) = 2 latent rows
            self.assertEqual(tuple(vae.decoder(torch.randn(1, 128, 3, 2, 2)).shape), (1, 3, 17, 64, 64))
        # conv_out channel 16 * colour + 4 * column + row within a 4x4 patch
        dec = vae.decoder
        for p in dec.parameters():
            p.data.zero_()
        dec.conv_out.conv.bias.data[16 * 2 + 4 * 1 + 3] = 1.0    # blue, column 1, row 3
        with torch.no_grad():
            y = dec(torch.zeros(1, 128, 1, 1, 1))
        self.assertEqual(tuple(y.shape), (1, 3, 1, 32, 32))
        self.assertTrue(torch.equal(y[0, 2, 0, 3::4, 1::4], torch.ones(8, 8)), 'row 3, column 1 of every patch')
        self.assertEqual(y.abs().sum().item(), 64.0)


class WindowedDecodeTest(unittest.TestCase):
    def test_the_window_plan_covers_every_frame_once(self):
        for frames, window in ((3, 3), (3, 2), (5, 3), (17, 4)):
            plan = window_plan(frames, window)
            ids = [i for _, items in plan for _, out, _ in items for i in out]
            self.assertEqual(ids, list(range(1 + 8 * (frames - 1))))
        self.assertEqual(window_plan(3, 3), [(0, [(0, [0], [0]), (1, list(range(1, 9)), list(range(1, 9))),
                                                  (2, list(range(9, 17)), list(range(9, 17)))])])
        self.assertEqual([s for s, _ in window_plan(3, 2)], [0, 1])
        with self.assertRaises(ValueError):
            window_plan(3, 1)

    def test_a_whole_window_is_exact_and_a_short_one_is_not_at_published_widths(self):
        torch.manual_seed(3)
        dec = Decoder(PUBLISHED_VAE).eval()
        self.assertGreater(temporal_radius(dec), 20, 'a frame sees latent frames 20+ away: only W = T is exact')
        z = torch.randn(1, 128, 3, 1, 1)
        graph = ChunkDecoderGraph(dec, 1.0, 32, 32)
        with torch.no_grad():
            full = dec(z)
            whole = stream_decode(graph, z, 3)
            short = stream_decode(graph, z, 2)
        self.assertEqual((whole - full).abs().max().item(), 0.0)
        diff = (short - full).abs().max().item()
        print(f'\nvae-chunk window 2 of 3 latent frames, random published-width decoder: max |diff| {diff:.4f} '
              f'(output range {full.abs().max().item():.3f})')
        self.assertGreater(diff, 1e-3)
        self.assertEqual((short[:, :, :9] - full[:, :, :9]).abs().max().item() > 0, True,
                         'even frames 0-8 see z_2 through the non-causal convs')


if __name__ == '__main__':
    unittest.main()
