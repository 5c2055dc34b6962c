"""The trained nets read back from a run (mobilei2v/checkpoints.py), from the committed checkpoints
and from an empty run."""
import os
import tempfile
import unittest

import torch

from mobilei2v.checkpoints import VISIBILITY_PRIOR, load_autoencoder, load_models
from mobilei2v.training import MODEL_DIR

torch.set_num_threads(2)
COMMITTED = os.path.join(MODEL_DIR, 'checkpoints', 'nano')


class LoadModelsTest(unittest.TestCase):
    def test_committed_run_loads_every_stage_with_its_steps(self):
        if not os.path.exists(os.path.join(COMMITTED, 'flow_decoder.pt')):
            self.skipTest(f'{COMMITTED} holds no checkpoints')
        ae, teacher, student, trained = load_models(COMMITTED)
        self.assertEqual(sorted(trained), ['autoencoder', 'flow_decoder', 'student', 'teacher'])
        ck = torch.load(os.path.join(COMMITTED, 'student.pt'), map_location='cpu')
        self.assertEqual(trained['student']['step'], ck['meta']['step'])
        self.assertTrue(torch.equal(student.final_linear.weight, ck['modules']['student']['final_linear.weight']))
        saved = torch.load(os.path.join(COMMITTED, 'flow_decoder.pt'), map_location='cpu')['modules']
        flow = ae.flow_decoder.state_dict()
        keys = [k for k in saved['decoder_ema'] if k != 'visibility_prior']
        self.assertTrue(all(torch.equal(flow[k], saved['decoder_ema'][k]) for k in keys),
                        'the exported decoder is the weight average')
        self.assertFalse(all(torch.equal(flow[k], saved['decoder'][k]) for k in keys))
        self.assertEqual(ae.flow_decoder.visibility_prior.item(), VISIBILITY_PRIOR)
        self.assertEqual(ae.flow_decoder.latent_scale.item(), ae.encoder.latent_scale.item())
        self.assertFalse(teacher.training or student.training or ae.training)

    def test_empty_run_gives_random_weights_and_no_provenance(self):
        with tempfile.TemporaryDirectory() as run:
            ae, teacher, student, trained = load_models(run)
            self.assertEqual(trained, {})
            self.assertGreater(teacher.final_linear.weight.abs().sum().item(), 0, 'the residual head has output')
            frozen = load_autoencoder(run, torch.device('cpu'))
        self.assertTrue(all(not p.requires_grad for p in frozen.parameters()))
        self.assertFalse(frozen.training)


if __name__ == '__main__':
    unittest.main()
