"""The shipped decoding as the evaluations run it, and the Markdown tables of their summaries
(evaluate.py's eval.json, evaluate_video.py's eval_video.json; write_model_card.py pastes both)."""
import json

import torch

from mobilei2v.autoencoder import frame_plan
from mobilei2v.config import CAMERA_CLASSES
from mobilei2v.flow_decoder import compose


def decode_warped(flow, x, picture, frame_ids, picture_out=None):
    """The shipped decoding: frame 0 is the picture, frame f the picture warped by the flow
    decoder's maps (at picture_out's size when given, else at the working size)."""
    out_pic = picture if picture_out is None else picture_out
    plan = frame_plan(17, 8)
    outs = []
    for f in frame_ids:
        if f == 0:
            outs.append(out_pic)
            continue
        kp, kc, ph = plan[f]
        maps = flow(x[:, :, 0], x[:, :, kp], x[:, :, kc], torch.full((x.shape[0],), ph), picture)
        outs.append(compose(out_pic, maps))
    return torch.stack(outs, dim=2)


def table(summary):
    """eval.json's summary: direction accuracy per camera class, first-frame PSNR, PSNR vs ground truth."""
    cams = CAMERA_CLASSES
    lines = ['| method | direction acc. | ' + ' | '.join(cams) + ' | first-frame PSNR | PSNR vs GT |',
             '|---' * (len(cams) + 4) + '|']
    for m, r in summary.items():
        pf = f"{r['psnr_first_frame']:.2f} dB" if 'psnr_first_frame' in r else '-'
        pg = f"{r['psnr_vs_ground_truth']:.2f} dB" if 'psnr_vs_ground_truth' in r else '-'
        lines.append(f"| {m} | {100 * r['direction_accuracy']:.1f}% ({r['cases']}) | "
                     + ' | '.join(f"{100 * r['per_camera'][c]:.0f}%" for c in cams) + f' | {pf} | {pg} |')
    return '\n'.join(lines)


def video_table(summary):
    """eval_video.json's summary: the 1280x720 video against the picture it came from."""
    lines = ['| method | direction | frame 0 vs picture (min) | last vs moved picture (median, central 60%) '
             '| HF energy ratio (median / min) |', '|---|---|---|---|---|']
    for m, r in summary.items():
        f0 = 'identical' if r['psnr_first_min'] >= 99 else f"{r['psnr_first_min']:.1f} dB"
        lines.append(f"| {m} | {100 * r['direction_accuracy']:.1f}% ({r['cases']}) | {f0} | "
                     f"{r['psnr_last_vs_moved_median']:.1f} dB | {r['hf_ratio_median']:.2f} / {r['hf_ratio_min']:.2f} |")
    return '\n'.join(lines)


def write_results(path, out, markdown):
    """An evaluation's results as JSON at path; its table printed for the model card."""
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
    print(markdown)
