#!/usr/bin/env bash
# Full-size denoiser at 720p: ONNX Runtime (our Java pipeline, ./mobilei2v bench) vs PyTorch
# eager fp32 (bench_torch.py), same weights, same input shapes, same thread count, one after the
# other on this machine. Prints each variant's figures and its ratio to PyTorch. Exports the
# ~3.7 GB reference bundle first if it is not there (outside the repository).
#   VARIANTS="desktop desktop-int8 mobile-int8"  MEMORY=lean  RUNS=3  THREADS=$(nproc)  ROUNDS=1
# ROUNDS=N repeats the whole sequence (every variant, then PyTorch) N times and prints each round and the
# median of the rounds' ratios: on a shared host one run moves by +-15%, and alternating keeps a drift of the
# machine from landing on one side only (docs/PERFORMANCE.md, "Where the goals stand").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-/tmp/mobilei2v-full}"
threads="${THREADS:-$(nproc)}"
runs="${RUNS:-3}"
rounds="${ROUNDS:-1}"
memory="${MEMORY:-lean}"   # or arena
variants="${VARIANTS:-desktop desktop-int8 mobile-int8}"
# re-exported when missing or written before export_full.py switched to the published Mobiledit tree
grep -q Mobiledit_300M_P1_D16 "$dir/manifest.json" 2>/dev/null || /usr/bin/python3 "$root/model/export_full.py" --out "$dir"
flops=$(/usr/bin/python3 -c "import json;print(json.load(open('$dir/manifest.json'))['flops']['denoiser'])")
for round in $(seq 1 "$rounds"); do
  for v in $variants; do
    "$root/mobilei2v" bench --model "$dir" --variant "$v" --memory "$memory" --runs "$runs" --steps 1 \
        --threads "$threads" --no-export --json "/tmp/mobilei2v-ort-$v-$round.json"
  done
  /usr/bin/python3 "$root/model/bench_torch.py" --weights "$dir/weights.pt" --threads "$threads" --runs "$runs" \
      --flops "$flops" | tee "/tmp/mobilei2v-torch-$round.json"
done
VARIANTS="$variants" ROUNDS="$rounds" /usr/bin/python3 - <<'PY'
import json, os, statistics
variants, rounds = os.environ['VARIANTS'].split(), int(os.environ['ROUNDS'])
ratios = {v: [] for v in variants}
probes = {v: [] for v in variants}
for r in range(1, rounds + 1):
    t = json.loads(open(f'/tmp/mobilei2v-torch-{r}.json').read().strip().splitlines()[-1])
    torch_ms = t['denoiser_ms']['p50']
    print(f"round {r}: denoiser pass 720p, {t['threads']} threads; PyTorch eager fp32 {torch_ms:.0f} ms")
    for v in variants:
        o = json.load(open(f'/tmp/mobilei2v-ort-{v}-{r}.json'))
        ort_ms = o['stages_ms']['denoiser']['p50']
        ratios[v].append(torch_ms / ort_ms)
        if o.get('roofline_efficiency') is not None:
            probes[v].append(o['roofline_efficiency'])
        print(f"  ONNX Runtime {v:14s} {ort_ms:8.0f} ms  speed-up {torch_ms / ort_ms:5.2f}x  "
              f"roofline {o.get('roofline_efficiency')}  clip p50 {o['clip_ms']['p50']:.0f} ms  "
              f"peak RSS {o.get('peak_rss_mb')} MB (load {o.get('load_peak_rss_mb')} MB)")
if rounds > 1:
    print(f'median of {rounds} rounds:')
    for v in variants:
        probe = f'{statistics.median(probes[v]):.3f}' if probes[v] else '-'
        print(f'  {v:14s} speed-up {statistics.median(ratios[v]):5.2f}x  roofline {probe}  '
              f'(speed-ups {", ".join(f"{x:.2f}" for x in ratios[v])})')
PY
