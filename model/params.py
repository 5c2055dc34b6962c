"""Print parameter counts: the published MobileI2V denoiser (mobilei2v/official/mobiledit.py, counted
on the meta device, exactly the published 267,218,048), our `full` config and where it differs, and `nano`.

usage: python3 model/params.py
"""

from mobilei2v.config import FULL, NANO
from mobilei2v.dit import Denoiser, count_parameters
from mobilei2v.official.mobiledit import PUBLISHED_PARAMS, parameter_count


def breakdown(m):
    parts = {}
    for name, p in m.named_parameters():
        key = name.split('.')[0]
        parts[key] = parts.get(key, 0) + p.numel()
    return parts


def full_report():
    m = Denoiser(FULL)
    n = count_parameters(m)
    norms = sum(p.numel() for name, p in m.named_parameters() if 'norm1' in name or 'norm2' in name or 'final_norm' in name)
    diff = n - FULL['published_params']
    lines = [f'full denoiser: {n:,} parameters (published {FULL["published_params"]:,}; difference {diff:+,})',
             f'  of which affine LayerNorm weights {norms:,}: the published model uses non-affine LayerNorm; '
             f'ours are affine because torch 1.13 exports a non-affine LayerNorm at opset 17 as an invalid node',
             f'  without them: {n - norms:,} (difference {n - norms - FULL["published_params"]:+,})',
             '  the rest of the difference: the published checkpoint also carries modules for the disabled text path '
             '(caption projection) and its exact motion-score embedder layout is not published; ours is one '
             'sinusoid+MLP (hidden -> hidden) like the timestep embedder']
    for k, v in breakdown(m).items():
        lines.append(f'    {k}: {v:,}')
    return n, '\n'.join(lines)


if __name__ == '__main__':
    published = parameter_count()
    print(f'published Mobiledit_300M_P1_D16 (mobilei2v/official/mobiledit.py): {published:,} parameters '
          f'({"matches" if published == PUBLISHED_PARAMS else "DIFFERS FROM"} the published {PUBLISHED_PARAMS:,})')
    n, text = full_report()
    print(text)
    nano = Denoiser(NANO)
    print(f'nano denoiser: {count_parameters(nano):,} parameters')
