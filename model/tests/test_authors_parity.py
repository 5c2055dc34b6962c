"""Our published denoiser (mobilei2v/official/mobiledit.py) against the authors' own model definition: their
hustvl/MobileI2V files, run once with import shims (fixtures/authors/README.md says how, from which commit and
with which shims), recorded their outputs for weights drawn from a seed and fixed inputs. Here the same weights
are drawn again into our tree and the same inputs run through it."""
import hashlib
import json
import os
import unittest

import torch

from mobilei2v.official.bundle import teacher_schedule
from mobilei2v.official.convert import BundleDenoiser
from mobilei2v.official.mobiledit import PUBLISHED, Mobiledit, _MetaFactories
from mobilei2v.official.random_weights import PARITY_DENOISER, seeded_state_dict
from mobilei2v.schedule import euler_sample

torch.set_num_threads(1)
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'authors')
# fp32 both sides, different op order (their LiteLA's padded-v matmuls, ours num/den; their per-token adaLN, ours
# per frame in the bundle path). Measured max abs diff on outputs up to 4.1: per-token forward 2.5e-6, bundle
# contract 3.9e-6, without the mask 2.4e-6; after one sampler step 2.4e-7; after all 30 steps 3.1e-6 (|x| <= 6.3)
ATOL = 2e-5


def fixture(name):
    return torch.load(os.path.join(FIXTURES, name))


def sha256(weights):
    digest = hashlib.sha256()
    for k in sorted(weights):
        digest.update(k.encode() + weights[k].numpy().tobytes())
    return digest.hexdigest()


def our_model(recorded):
    """Our tree at the parity width with the weights the authors' model ran with (the same seed, the same draw)."""
    model = Mobiledit(PARITY_DENOISER).eval()
    weights = seeded_state_dict(model, recorded['weight_seed'])
    assert sha256(weights) == recorded['weights_sha256'], 'seeded_state_dict no longer draws the recorded weights'
    model.load_state_dict(weights, strict=True)
    return model


def max_diff(a, b):
    return (a - b).abs().max().item()


class PublishedLayoutTest(unittest.TestCase):
    def test_the_published_tree_has_their_keys_and_shapes(self):
        with open(os.path.join(FIXTURES, 'published_layout.json')) as f:
            theirs = json.load(f)
        with _MetaFactories():
            ours = Mobiledit(PUBLISHED)
        self.assertEqual({k: list(v.shape) for k, v in ours.state_dict().items()}, theirs['state_dict'])
        self.assertEqual(sum(p.numel() for p in ours.parameters()), theirs['parameters'])
        kinds = ['LiteLA' if hasattr(b.attn, 'q_norm') else 'Attention' for b in ours.blocks]
        self.assertEqual(kinds, theirs['blocks'])


class DenoiserParityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rec = fixture('denoiser.pt')
        cls.model = our_model(cls.rec)

    def run_ours(self, mask):
        r = self.rec
        with torch.no_grad():
            return self.model(r['x'], r['timestep'], mask, r['flow_score'])

    def test_the_per_token_forward_gives_their_output(self):
        v = self.rec['v']
        self.assertGreater(v.abs().max().item(), 1.0)
        self.assertLess(max_diff(self.run_ours(self.rec['cond_mask']), v), ATOL)

    def test_the_bundle_contract_gives_their_output(self):
        r = self.rec
        frames = r['x'].shape[2]
        t = r['timestep'][:, None].repeat(1, frames)
        t[:, 0] = 0.0                                   # the condition frame, as the first-frame mask makes it
        with torch.no_grad():
            v = BundleDenoiser(self.model)(r['x'], t, r['flow_score'])
        self.assertLess(max_diff(v, r['v']), ATOL)

    def test_without_the_first_frame_mask_both_change_alike(self):
        r = self.rec
        ours = self.run_ours(torch.zeros_like(r['cond_mask']))
        self.assertLess(max_diff(ours, r['v_without_mask']), ATOL)
        self.assertGreater(max_diff(ours, r['v']), 1000 * ATOL, 'the mask must matter for this check to mean anything')


class SamplerParityTest(unittest.TestCase):
    """Their FlowEuler (diffusers v0.35.2 FlowMatchEulerDiscreteScheduler, shift 3, 30 steps, CFG 4.5 against the
    empty prompt) against the bundle's teacher-30 schedule and the sampler loop the Java side runs."""

    @classmethod
    def setUpClass(cls):
        cls.rec = fixture('sampler.pt')
        cls.model = our_model(cls.rec)
        cls.sigmas = teacher_schedule(cls.rec['steps'])['sigmas']

    def test_the_teacher_schedule_is_their_scheduler_s(self):
        theirs = self.rec['sigmas'].double()
        self.assertEqual(len(self.sigmas), len(theirs))
        self.assertLess(max_diff(torch.tensor(self.sigmas, dtype=torch.float64), theirs), 1e-6)
        self.assertLess(max_diff(torch.tensor(self.sigmas[:-1]) * 1000, self.rec['timesteps']), 1e-3)

    def test_one_step_gives_their_latents(self):
        r = self.rec
        denoiser = BundleDenoiser(self.model)
        with torch.no_grad():
            x = euler_sample(lambda x, t, motion, camera: denoiser(x, t, motion), r['z'], r['guide'],
                             self.sigmas[:2], torch.tensor([r['flow_score']]), None)
        moved = max_diff(r['after_first_step'], r['z'])
        self.assertGreater(moved, 1e-3)
        self.assertLess(max_diff(x, r['after_first_step']), ATOL)

    @unittest.skipUnless(os.environ.get('MOBILEI2V_SLOW') == '1', 'MOBILEI2V_SLOW=1 runs the 30-step sample (~3 min)')
    def test_thirty_steps_give_their_sample(self):
        r = self.rec
        denoiser = BundleDenoiser(self.model)
        with torch.no_grad():
            x = euler_sample(lambda x, t, motion, camera: denoiser(x, t, motion), r['z'], r['guide'],
                             self.sigmas, torch.tensor([r['flow_score']]), None)
        self.assertLess(max_diff(x, r['sample']), ATOL)


if __name__ == '__main__':
    unittest.main()
