"""Shared training plumbing: device choice, threads, resumable checkpoints, a wall-clock log."""
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
