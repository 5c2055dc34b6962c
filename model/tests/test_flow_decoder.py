"""The flow-warp decoder and the ground truth it learns from (bundle 1.0)."""
import os
import random
import unittest

import torch
import torch.nn.functional as F

from mobilei2v.data import procedural_texture, render_clip
from mobilei2v.flow_decoder import FlowDecoder, compose, correlation, pixel_grid, CORR_DX, CORR_DY

torch.set_num_threads(2)


def maps(b, h, w, flow=(0.0, 0.0), vis=1.0, gain=1.0, synth=0.0):
    m = torch.zeros(b, 9, h, w)
    m[:, 0], m[:, 1], m[:, 2] = flow[0], flow[1], vis
    m[:, 3:6], m[:, 6:9] = gain, synth
    return m


class ComposeTest(unittest.TestCase):
    def test_identity_maps_give_the_picture_at_any_size(self):
        for h, w in ((144, 256), (360, 640)):
            pic = torch.rand(1, 3, h, w) * 2 - 1
            out = compose(pic, maps(1, 72, 128))
            self.assertLess((out - pic).abs().max().item(), 1e-4)  # float32 grid arithmetic

    def test_a_whole_pixel_flow_shifts_and_the_uncovered_edge_shows_the_synthesised_image(self):
        pic = torch.rand(1, 3, 36, 64) * 2 - 1
        out = compose(pic, maps(1, 9, 16, flow=(4 / 32, 0.0), synth=0.25))
        self.assertLess((out[..., :-4] - pic[..., 4:]).abs().max().item(), 1e-5)
        self.assertLess((out[..., -1] - 0.25).abs().max().item(), 1e-6)


class GroundTruthTest(unittest.TestCase):
    def test_warping_frame_zero_by_the_true_flow_gives_each_frame_where_visible(self):
        rng = random.Random(4)
        for cam in ('pan-right', 'tilt-up', 'zoom-in', 'zoom-out'):
            src = procedural_texture(rng)
            video, truth = render_clip(src, cam, 3.0, rng, truth=True, lighting=False, parallax=False,
                                       local_motion_p=1.0)
            f0 = video[:, 0].unsqueeze(0).expand(17, -1, -1, -1)
            grid = pixel_grid(144, 256) + truth['flow'].permute(0, 2, 3, 1)
            warped = F.grid_sample(f0, grid, align_corners=False, padding_mode='border')
            m = (truth['visibility'] > 0.99).float()
            mse = (((warped - video.permute(1, 0, 2, 3)) ** 2) * m).sum() / (3 * m.sum())
            self.assertGreater(10 * torch.log10(4 / mse).item(), 30.0, cam)
            self.assertGreater(truth['flow'][16].abs().max().item(), 0.05, cam + ': the clip moves')

    def test_the_camera_truth_is_the_whole_flow_of_a_clip_without_parallax_or_local_motion(self):
        rng = random.Random(7)
        p = torch.cat([pixel_grid(144, 256)[0], torch.ones(144, 256, 1)], -1)              # (H, W, 3)
        for cam in ('still', 'pan-left', 'tilt-down', 'zoom-in', 'zoom-out'):
            _, truth = render_clip(procedural_texture(rng), cam, 2.5, rng, truth=True, parallax=False)
            affine_flow = torch.einsum('tij,hwj->tihw', truth['camera'], p)
            self.assertLess((affine_flow - truth['flow']).abs().max().item(), 1e-5, cam)
        self.assertGreater(truth['camera'][16, 0, 0].item(), 0.2, 'zoom-out: frame 16 shows a larger region of frame 0')

    def test_lighting_gain_is_the_drift_the_clip_has(self):
        rng = random.Random(1)
        for _ in range(6):
            video, truth = render_clip(procedural_texture(rng), 'still', 1.0, rng, truth=True, parallax=False)
            lit = ((video[:, 0] + 1) * truth['gain'][16].view(3, 1, 1) - 1).clamp(-1, 1)
            self.assertLess((lit - video[:, 16]).abs().mean().item(), 1e-4)


class DecoderTest(unittest.TestCase):
    def test_decode_with_camera_gives_the_maps_of_decode_and_the_affine(self):
        torch.manual_seed(0)
        dec = FlowDecoder().eval()
        z = torch.randn(2, 32, 9, 16)
        feats = dec.features(torch.rand(2, 3, 144, 256) * 2 - 1)
        phase = torch.tensor([0.5, 1.0])
        maps, affine = dec.decode_with_camera(feats, z, z, torch.roll(z, 1, dims=3), phase)
        self.assertTrue(torch.equal(maps, dec.decode(feats, z, z, torch.roll(z, 1, dims=3), phase)))
        self.assertEqual(tuple(affine.shape), (2, 2, 3))


    def test_correlation_peaks_at_the_shift(self):
        a = torch.randn(1, 32, 9, 16)
        b = torch.roll(a, shifts=(1, -2), dims=(2, 3))  # b(p) = a(p - (1, -2)): a(p) is at b(p + (1, -2))
        c = correlation(a, b)[0, :, 3:6, 4:12].mean(dim=(1, 2))
        oy, ox = divmod(int(c.argmax()), 2 * CORR_DX + 1)
        self.assertEqual((oy - CORR_DY, ox - CORR_DX), (1, -2))

    def test_untrained_decoder_shows_the_picture_for_a_still_latent_and_exports(self):
        dec = FlowDecoder().eval()
        z = torch.randn(1, 32, 9, 16)
        pic = torch.rand(1, 3, 144, 256) * 2 - 1
        with torch.no_grad():
            m = dec(z, z, z, torch.tensor([1.0]), pic)
        self.assertEqual(tuple(m.shape), (1, 9, 72, 128))
        self.assertLess(m[:, :2].abs().max().item(), 1e-4, 'no motion between identical latents')
        self.assertGreater(m[:, 2].min().item(), 0.9, 'visible')
        import tempfile
        import onnx
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'decoder.onnx')
            torch.onnx.export(dec, (z, z, z, torch.tensor([0.5]), pic), p, opset_version=17,
                              input_names=['latent_first', 'latent_prev', 'latent_cur', 'phase', 'picture'],
                              output_names=['maps'])
            onnx.checker.check_model(onnx.load(p))


if __name__ == '__main__':
    unittest.main()
