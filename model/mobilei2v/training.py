"""Shared training plumbing: device choice, threads, resumable checkpoints, a wall-clock log, and the
time-budgeted training loop every stage runs (TrainingLoop)."""
import argparse
import copy
import json
import os
import time

import torch


def setup(threads=None):
    """CPU: OpenBLAS threads = cores (torch defaults to 1 here). CUDA when present."""
    if torch.cuda.is_available():
        dev = torch.device('cuda')
    else:
        dev = torch.device('cpu')
        torch.set_num_threads(threads or os.cpu_count() or 2)
    return dev


class Checkpoint:
    """Atomic save (tmp + rename) of model/optimiser/step/elapsed; resume adds up time."""

    def __init__(self, path):
        self.path = path

    def load(self, modules, optimisers=()):
        if not os.path.exists(self.path):
            return {'step': 0, 'elapsed_s': 0.0, 'where': []}
        ck = torch.load(self.path, map_location='cpu')
        for name, m in modules.items():
            m.load_state_dict(ck['modules'][name])
        for i, o in enumerate(optimisers):
            if i < len(ck.get('optimisers', [])):
                try:
                    o.load_state_dict(ck['optimisers'][i])
                except ValueError:
                    # another parameter set (e.g. --decoder-only after joint training): start the
                    # optimiser's moments afresh, keep the weights
                    print(f'{self.path}: optimiser state does not match, starting it afresh', flush=True)
                    continue
                # a layer re-expressed with another weight shape (MixFFN's 1x1 Conv2d -> Linear):
                # the moments keep their numbers, take the parameter's shape
                for group in o.param_groups:
                    for p in group['params']:
                        for k, v in o.state.get(p, {}).items():
                            if torch.is_tensor(v) and v.shape != p.shape and v.numel() == p.numel():
                                o.state[p][k] = v.reshape(p.shape)
        return ck['meta']

    def save(self, modules, optimisers, meta):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = self.path + '.tmp'
        torch.save({'modules': {k: m.state_dict() for k, m in modules.items()},
                    'optimisers': [o.state_dict() for o in optimisers], 'meta': meta}, tmp)
        os.replace(tmp, self.path)


def where():
    if torch.cuda.is_available():
        return 'cuda:' + torch.cuda.get_device_name(0)
    return f'cpu:{os.cpu_count()} cores, {torch.get_num_threads()} threads'


class Log:
    def __init__(self, path):
        self.path = path
        os.makedirs(os.path.dirname(path), exist_ok=True)

    def write(self, **kw):
        kw['time'] = time.strftime('%Y-%m-%dT%H:%M:%S')
        with open(self.path, 'a') as f:
            f.write(json.dumps(kw) + '\n')
        print(json.dumps(kw), flush=True)


MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_arguments(ap):
    """--run (checkpoints, logs, eval.json) and --images (fetch_data.sh's folder) with model/'s defaults."""
    ap.add_argument('--run', default=os.path.join(MODEL_DIR, 'runs', 'nano'))
    ap.add_argument('--images', default=os.path.join(MODEL_DIR, 'data', 'images'))
    return ap


def stage_arguments(minutes):
    """The arguments every training stage takes: --run, --images and its time budget --minutes."""
    ap = run_arguments(argparse.ArgumentParser())
    ap.add_argument('--minutes', type=float, default=minutes)
    return ap


class RunningMean:
    """Exponential moving averages of the figures a stage logs (the first value starts each)."""

    def __init__(self, weight):
        self.weight = weight
        self.values = {}

    def update(self, **figures):
        for k, v in figures.items():
            v = float(v)
            self.values[k] = v if k not in self.values else (1 - self.weight) * self.values[k] + self.weight * v

    def __getitem__(self, k):
        return self.values[k]


class EMA:
    """A weight average of a module, saved beside it under its own name; restored from the checkpoint
    when it holds one, else started from the module's (restored) weights."""

    def __init__(self, name, module, decay):
        self.name = name
        self.module = module
        self.average = copy.deepcopy(module)
        for p in self.average.parameters():
            p.requires_grad_(False)
        self.decay = decay if callable(decay) else (lambda step: decay)

    def start(self, saved_modules):
        if self.name in saved_modules:
            self.average.load_state_dict(saved_modules[self.name])
        else:
            self.average.load_state_dict(self.module.state_dict())

    @torch.no_grad()
    def update(self, step):
        d = self.decay(step)
        for pa, p in zip(self.average.parameters(), self.module.parameters()):
            pa.mul_(d).add_(p.detach(), alpha=1 - d)


class TrainingLoop:
    """One resumable, time-budgeted stage: resumes runs/<stage>.pt (step count and elapsed time add up
    across sessions), steps until --minutes (or max_steps) are spent, writes a log line every
    log_every steps to runs/<stage>.log.jsonl, saves every save_every_s seconds and at the end, where
    it records where this stretch ran and with which choices."""

    def __init__(self, run, stage, phase, modules, optimisers, minutes, log_every, max_steps=None, ema=None,
                 save_every_s=120):
        self.phase = phase
        self.modules = dict(modules)
        self.optimisers = list(optimisers)
        self.budget_s = minutes * 60
        self.log_every = log_every
        self.max_steps = max_steps
        self.ema = ema
        self.save_every_s = save_every_s
        self.checkpoint = Checkpoint(os.path.join(run, stage + '.pt'))
        self.meta = self.checkpoint.load(self.modules, self.optimisers)
        if ema is not None:
            saved = torch.load(self.checkpoint.path, map_location='cpu')['modules'] \
                if os.path.exists(self.checkpoint.path) else {}
            ema.start(saved)
            self.modules[ema.name] = ema.average
        self.log = Log(os.path.join(run, stage + '.log.jsonl'))
        self.step = self.meta['step']
        self.start = time.time()

    def elapsed(self):
        return self.meta['elapsed_s'] + time.time() - self.start

    def within_budget(self):
        return time.time() - self.start < self.budget_s and (self.max_steps is None or self.step < self.max_steps)

    def run(self, train_step, figures, after_step=None):
        """train_step() makes one optimisation step and returns what figures(result) turns into the log
        line's fields; after_step(step), when given, runs after each step (e.g. a learning-rate schedule)."""
        self.start = time.time()
        last_save = self.start
        while self.within_budget():
            result = train_step()
            self.step += 1
            if self.ema is not None:
                self.ema.update(self.step)
            if self.step % self.log_every == 0:
                self.log.write(phase=self.phase, step=self.step, **figures(result),
                               elapsed_s=round(self.elapsed(), 1))
            if after_step is not None:
                after_step(self.step)
            if time.time() - last_save > self.save_every_s:
                self.save(dict(self.meta, step=self.step, elapsed_s=self.elapsed()))
                last_save = time.time()

    def save(self, meta):
        self.checkpoint.save(self.modules, self.optimisers, meta)

    def finish(self, choices=None, log_elapsed=False, **done):
        """Final save; the stretch joins meta['where'] with the choices it ran with; a '<phase>-done' line."""
        elapsed = self.elapsed()
        where_list = list(self.meta.get('where', []))
        where_list.append(dict({'where': where(), 'steps': self.step - self.meta['step'],
                                'seconds': round(time.time() - self.start)}, **(choices or {})))
        self.save(dict(self.meta, step=self.step, elapsed_s=elapsed, where=where_list))
        if log_elapsed:
            done['elapsed_s'] = round(elapsed, 1)
        self.log.write(phase=self.phase + '-done', step=self.step, **done)
