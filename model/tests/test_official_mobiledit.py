"""The published denoiser's module tree (mobilei2v/official/mobiledit.py): exact parameter count
counted on the meta device, and a small random checkpoint with the published key layout that
round-trips through .safetensors and loads with strict=True."""
import json
import os
import tempfile
import unittest

import numpy as np
import onnx
import torch
import torch.nn.functional as F

from mobilei2v.official.checkpoint_io import CheckpointError, load_state_dict, write_safetensors
from mobilei2v.official.convert import BundleDenoiser, export_denoiser, load_published, write_fixture
from mobilei2v.official.mobiledit import (PUBLISHED_PARAMS, GatedConvFFN, Mobiledit, MobileditConfig, first_frame_mask,
                                          parameter_count, rope3d)

torch.set_num_threads(1)
SMALL = MobileditConfig(hidden=144, heads=2, linear_head_dim=72, latent_channels=8, caption_channels=16,
                        caption_tokens=4, linear_run=1, grid_h=4, grid_w=4, frames=3)


class PublishedTreeTest(unittest.TestCase):
    def test_the_gated_ffn_in_two_paths_is_expand_then_chunk(self):
        torch.manual_seed(3)
        ffn = GatedConvFFN(48, 80)
        for p in ffn.parameters():
            torch.nn.init.normal_(p, std=0.3)
        x = torch.randn(2, 35, 48)
        with torch.no_grad():   # the published order: expand to 2*hidden, SiLU, depthwise, chunk
            y = ffn.depth_conv(F.silu(ffn.inverted_conv(x.transpose(1, 2).reshape(2, 48, 5, 7))))
            value, gate = y.chunk(2, dim=1)
            published = ffn.point_conv(value * F.silu(gate)).flatten(2).transpose(1, 2)
            ours = ffn(x, 5, 7)
            ffn.on_tokens = True    # the export form: the 1x1 convs as Linears on the tokens
            tokens = ffn(x, 5, 7)
        self.assertGreater(published.abs().max().item(), 1.0)
        self.assertLess((published - ours).abs().max().item(), 1e-4)
        self.assertLess((published - tokens).abs().max().item(), 1e-4)

    def test_full_config_counts_the_published_parameters_without_allocating(self):
        self.assertEqual(parameter_count(), PUBLISHED_PARAMS)

    def test_published_key_names_are_present(self):
        keys = set(Mobiledit(SMALL).state_dict())
        for k in ('x_embedder.proj.weight', 't_embedder.mlp.0.weight', 'flow_embedder.mlp.2.bias',
                  't_block.1.weight', 'flow_block.1.bias', 'y_embedder.y_proj.fc1.weight',
                  'y_embedder.y_embedding', 'attention_y_norm.weight', 'pos_embed', 'pos_embed_temporal',
                  'blocks.0.attn.qkv.weight', 'blocks.0.attn.q_norm.weight', 'blocks.1.attn.qkv.bias',
                  'blocks.0.mlp.inverted_conv.conv.bias', 'blocks.0.mlp.depth_conv.conv.weight',
                  'blocks.0.mlp.point_conv.conv.weight', 'blocks.0.scale_shift_table',
                  'final_layer.linear.weight', 'final_layer.scale_shift_table'):
            self.assertIn(k, keys)
        self.assertNotIn('blocks.0.attn.qkv.bias', keys, 'linear attention has no qkv bias')
        self.assertNotIn('blocks.1.attn.q_norm.weight', keys, 'the softmax blocks carry no qk-norm')

    def test_small_checkpoint_round_trips_through_safetensors_and_loads_strictly(self):
        torch.manual_seed(0)
        model = Mobiledit(SMALL).eval()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'small.safetensors')
            write_safetensors(path, model.state_dict())
            again = Mobiledit(SMALL).eval()
            again.load_state_dict(load_state_dict(path), strict=True)
        x = torch.randn(1, 8, 3, 4, 4)
        args = (x, torch.tensor([700.0]), first_frame_mask(1, 3, 4, 4), torch.tensor([3.0]))
        with torch.no_grad():
            out = model(*args)
            self.assertEqual(out.shape, x.shape)
            self.assertTrue(torch.equal(out, again(*args)))


    def test_rope_keeps_the_first_token_and_every_norm(self):
        x = torch.randn(1, 2, 3 * 2 * 2, 72)
        y = rope3d(x, (3, 2, 2))
        self.assertTrue(torch.allclose(y[:, :, 0], x[:, :, 0]), 'position (0,0,0) is not rotated')
        self.assertTrue(torch.allclose(y.norm(dim=-1), x.norm(dim=-1), atol=1e-5))
        self.assertFalse(torch.allclose(y[:, :, 1:], x[:, :, 1:]))


    def test_a_wrong_layout_names_the_missing_unexpected_and_misshapen_keys(self):
        tensors = Mobiledit(SMALL).state_dict()
        del tensors['flow_block.1.weight']
        tensors['blocks.0.cross_attn.q_linear.weight'] = torch.zeros(2, 2)
        tensors['final_layer.linear.bias'] = torch.zeros(3)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'wrong.safetensors')
            write_safetensors(path, tensors)
            with self.assertRaises(CheckpointError) as e:
                load_published(path, SMALL)
        text = str(e.exception)
        self.assertIn('missing 1 key(s): flow_block.1.weight (864, 144)', text)
        self.assertIn('unexpected 1 key(s): blocks.0.cross_attn.q_linear.weight (2, 2)', text)
        self.assertIn('final_layer.linear.bias is (3,), expected (8,)', text)

    def test_a_pos_embed_of_another_grid_is_dropped_as_their_inference_does_but_not_one_of_another_width(self):
        tensors = Mobiledit(SMALL).state_dict()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'grid.safetensors')
            write_safetensors(path, dict(tensors, pos_embed=torch.ones(1, 12, 144)))   # 3x4 cells, not 4x4
            self.assertEqual(tuple(load_published(path, SMALL).pos_embed.shape), (1, 16, 144))
            write_safetensors(path, dict(tensors, pos_embed=torch.ones(1, 16, 8)))
            with self.assertRaises(CheckpointError) as e:
                load_published(path, SMALL)
        self.assertIn('pos_embed is (1, 16, 8), expected (1, 16, 144)', str(e.exception))

    def test_load_published_reads_a_pth_of_the_right_layout(self):
        model = Mobiledit(SMALL)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'small.pth')
            torch.save({'state_dict': model.state_dict()}, path)
            loaded = load_published(path, SMALL)
        self.assertTrue(torch.equal(loaded.blocks[1].attn.qkv.bias, model.blocks[1].attn.qkv.bias))


    def test_a_converted_small_checkpoint_exports_a_valid_graph_and_its_fixture(self):
        torch.manual_seed(1)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'small.safetensors')
            write_safetensors(path, Mobiledit(SMALL).state_dict())
            model = load_published(path, SMALL)
            graph = os.path.join(d, 'denoiser.onnx')
            args, expected = export_denoiser(model, graph, (3, 4, 4))
            names = [i.name for i in onnx.load(graph).graph.input]
            self.assertEqual(names, ['latent', 'timestep', 'cond_mask', 'flow_score'])
            entries = write_fixture(d, dict(zip(names, args), v=expected))
            with open(os.path.join(d, 'fixture.json')) as f:
                self.assertEqual(json.load(f), entries)
            back = np.fromfile(os.path.join(d, 'v.bin'), dtype='<f4').reshape(entries['v']['shape'])
        self.assertEqual(entries['v']['shape'], [1, 8, 3, 4, 4])
        self.assertTrue(np.array_equal(back, expected.numpy()))


    def test_the_bundle_contract_with_the_condition_frame_at_zero_is_the_masked_published_call(self):
        torch.manual_seed(2)
        model = Mobiledit(SMALL).eval()
        x = torch.randn(1, 8, 3, 4, 4)
        with torch.no_grad():
            published = model(x, torch.tensor([700.0]), first_frame_mask(1, 3, 4, 4), torch.tensor([3.0]))
            bundle = BundleDenoiser(model)(x, torch.tensor([[0.0, 700.0, 700.0]]), torch.tensor([3.0]))
        self.assertTrue(torch.allclose(bundle, published, atol=1e-6))


    def test_the_bundle_denoiser_graph_has_the_bundle_names(self):
        from mobilei2v.official.convert import export_bundle_denoiser
        with tempfile.TemporaryDirectory() as d:
            graph = os.path.join(d, 'denoiser.onnx')
            tensors = export_bundle_denoiser(Mobiledit(SMALL).eval(), graph, (3, 4, 4))
            g = onnx.load(graph).graph
        self.assertEqual([i.name for i in g.input], ['latents', 'timestep', 'motion_score'])
        self.assertEqual([o.name for o in g.output], ['velocity'])
        self.assertEqual(list(tensors['velocity'].shape), [1, 8, 3, 4, 4])


    def test_the_entry_point_refuses_a_checkpoint_of_another_size_naming_the_shape(self):
        import convert_official
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'small.safetensors')
            write_safetensors(path, Mobiledit(SMALL).state_dict())
            with self.assertRaises(CheckpointError) as e:
                convert_official.main([path, '--out', os.path.join(d, 'bundle')])
        self.assertIn('x_embedder.proj.weight is (144, 8, 1, 1), expected (1152, 128, 1, 1)', str(e.exception))


if __name__ == '__main__':
    unittest.main()
