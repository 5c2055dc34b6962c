"""The training loop every stage runs (mobilei2v/training.py): time budget, resume, log, EMA, and the
committed checkpoints of the shipped bundle resuming through it unchanged."""
import json
import os
import shutil
import tempfile
import unittest

import torch
import torch.nn as nn

from mobilei2v.config import NANO
from mobilei2v.dit import Denoiser
from mobilei2v.training import EMA, MODEL_DIR, RunningMean, TrainingLoop

torch.set_num_threads(2)
COMMITTED = os.path.join(MODEL_DIR, 'checkpoints', 'nano')


def tiny():
    torch.manual_seed(0)
    return nn.Linear(3, 2)


def read_log(run, stage):
    with open(os.path.join(run, stage + '.log.jsonl')) as f:
        return [json.loads(line) for line in f]


class TrainingLoopTest(unittest.TestCase):
    def setUp(self):
        self.run_dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.run_dir)

    def stretch(self, steps, decay=0.5, log_every=2, **choices):
        """One session of a toy stage: `steps` steps of SGD on a fixed regression, then finish()."""
        m = tiny()
        opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
        ema = EMA('m_ema', m, decay)
        loop = TrainingLoop(self.run_dir, 'toy', 'toy', {'m': m}, [opt], minutes=10, log_every=log_every,
                            max_steps=None, ema=ema)
        loop.max_steps = loop.step + steps
        x, y = torch.ones(4, 3), torch.zeros(4, 2)
        lrs = []

        def train_step():
            loss = (m(x) - y).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

        loop.run(train_step, lambda loss: {'loss': round(loss, 5)}, lambda step: lrs.append(step))
        loop.finish(choices, note='done')
        return loop, m, ema, lrs

    def test_resume_adds_up_steps_time_and_stretches(self):
        _, _, _, lrs = self.stretch(5, zoom_weight=3.0)
        self.assertEqual(lrs, [1, 2, 3, 4, 5])
        first_elapsed = torch.load(os.path.join(self.run_dir, 'toy.pt'))['meta']['elapsed_s']
        second, _, _, _ = self.stretch(3)
        self.assertEqual(second.meta['step'], 5)
        ck = torch.load(os.path.join(self.run_dir, 'toy.pt'))
        self.assertEqual(ck['meta']['step'], 8)
        self.assertEqual(list(ck['modules']), ['m', 'm_ema'])
        self.assertEqual([w['steps'] for w in ck['meta']['where']], [5, 3])
        self.assertEqual(ck['meta']['where'][0]['zoom_weight'], 3.0)
        self.assertNotIn('zoom_weight', ck['meta']['where'][1])
        self.assertEqual(second.meta['elapsed_s'], first_elapsed)
        self.assertGreater(ck['meta']['elapsed_s'], first_elapsed)
        # the optimiser's momentum travelled: the second stretch restored the first one's buffers
        self.assertEqual(len(ck['optimisers'][0]['state']), 2)
        log = read_log(self.run_dir, 'toy')
        self.assertEqual([r['step'] for r in log if r['phase'] == 'toy'], [2, 4, 6, 8])
        self.assertEqual(log[-1]['phase'], 'toy-done')
        self.assertEqual(log[-1]['note'], 'done')
        self.assertIn('elapsed_s', log[0])

    def test_ema_is_restored_from_the_checkpoint_not_restarted(self):
        _, m, ema, _ = self.stretch(4, decay=0.9)
        saved = {k: v.clone() for k, v in ema.average.state_dict().items()}
        self.assertFalse(torch.equal(saved['weight'], m.weight.detach()), 'the average lags the weights')
        m2 = tiny()
        ema2 = EMA('m_ema', m2, 0.9)
        TrainingLoop(self.run_dir, 'toy', 'toy', {'m': m2}, [], minutes=0, log_every=1, ema=ema2)
        self.assertTrue(torch.equal(ema2.average.weight, saved['weight']))
        self.assertTrue(torch.equal(m2.weight, m.weight.detach()))

    def test_ema_starts_from_the_weights_without_a_checkpoint(self):
        m = tiny()
        with torch.no_grad():
            m.weight.fill_(2.0)
        ema = EMA('m_ema', m, lambda step: 0.5)
        loop = TrainingLoop(self.run_dir, 'fresh', 'fresh', {'m': m}, [], minutes=0, log_every=1, ema=ema)
        self.assertEqual(loop.step, 0)
        with torch.no_grad():
            m.weight.fill_(4.0)
        ema.update(1)
        self.assertTrue(torch.allclose(ema.average.weight, torch.full_like(m.weight, 3.0)))

    def test_time_budget_stops_the_loop(self):
        m = tiny()
        loop = TrainingLoop(self.run_dir, 'toy', 'toy', {'m': m}, [], minutes=0, log_every=1)
        loop.run(lambda: self.fail('no step within a zero budget'), lambda _: {})
        self.assertEqual(loop.step, 0)

    def test_periodic_save_writes_the_step_reached(self):
        m = tiny()
        loop = TrainingLoop(self.run_dir, 'toy', 'toy', {'m': m}, [], minutes=10, log_every=100, max_steps=3,
                            save_every_s=-1)
        seen = []

        def train_step():
            if loop.step > 0:
                seen.append(torch.load(os.path.join(self.run_dir, 'toy.pt'))['meta']['step'])

        loop.run(train_step, lambda _: {})
        self.assertEqual(seen, [1, 2])
        self.assertEqual(torch.load(os.path.join(self.run_dir, 'toy.pt'))['meta']['where'], [], 'no stretch finished')

    def test_running_mean(self):
        r = RunningMean(0.25)
        r.update(loss=torch.tensor(4.0))
        r.update(loss=8.0)
        self.assertAlmostEqual(r['loss'], 5.0)


class CommittedCheckpointTest(unittest.TestCase):
    """The shipped teacher resumes through TrainingLoop: same keys, step count and time, EMA kept."""

    def test_teacher_checkpoint_resumes_unchanged(self):
        src = os.path.join(COMMITTED, 'teacher.pt')
        if not os.path.exists(src):
            self.skipTest(f'{src} is absent')
        with tempfile.TemporaryDirectory() as run:
            shutil.copy(src, run)
            before = torch.load(os.path.join(run, 'teacher.pt'), map_location='cpu')
            den = Denoiser(NANO)
            opt = torch.optim.AdamW(den.parameters(), lr=4e-4, weight_decay=0.0)
            loop = TrainingLoop(run, 'teacher', 'teacher', {'denoiser': den}, [opt], minutes=0, log_every=20,
                                ema=EMA('ema', den, 0.999))
            loop.run(lambda: None, lambda _: {})
            loop.finish({'zoom_weight': 1.0})
            after = torch.load(os.path.join(run, 'teacher.pt'), map_location='cpu')
        self.assertEqual(list(after['modules']), list(before['modules']))
        self.assertEqual(after['meta']['step'], before['meta']['step'])
        self.assertAlmostEqual(after['meta']['elapsed_s'], before['meta']['elapsed_s'], delta=5)
        self.assertEqual(after['meta']['where'][:-1], before['meta']['where'])
        self.assertEqual(after['meta']['where'][-1]['steps'], 0)
        for name in before['modules']:
            for k, v in before['modules'][name].items():
                self.assertTrue(torch.equal(after['modules'][name][k], v), f'{name}.{k} changed')
        self.assertEqual(after['optimisers'][0]['state'].keys(), before['optimisers'][0]['state'].keys())


if __name__ == '__main__':
    unittest.main()
