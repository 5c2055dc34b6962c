#!/usr/bin/env bash
# Full-size denoiser at 720p: ONNX Runtime (our Java pipeline, ./mobilei2v bench) vs PyTorch
# eager fp32 (bench_torch.py), same weights, same input shapes, same thread count, one after the
# other on this machine. Prints each variant's figures and its ratio to PyTorch. Exports the
# ~3.7 GB reference bundle first if it is not there (outside the repository).
#   VARIANTS="desktop desktop-int8 mobile-int8"  MEMORY=lean  RUNS=3  THREADS=$(nproc)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-/tmp/mobilei2v-full}"
threads="${THREADS:-$(nproc)}"
runs="${RUNS:-3}"
memory="${MEMORY:-lean}"   # or arena
variants="${VARIANTS:-desktop desktop-int8 mobile-int8}"
# re-exported when missing or written before export_full.py switched to the published Mobiledit tree
grep -q Mobiledit_300M_P1_D16 "$dir/manifest.json" 2>/dev/null || /usr/bin/python3 "$root/model/export_full.py" --out "$dir"
for v in $variants; do
  "$root/mobilei2v" bench --model "$dir" --variant "$v" --memory "$memory" --runs "$runs" --steps 1 \
      --threads "$threads" --no-export --json "/tmp/mobilei2v-ort-$v.json"
done
flops=$(/usr/bin/python3 -c "import json;print(json.load(open('$dir/manifest.json'))['flops']['denoiser'])")
/usr/bin/python3 "$root/model/bench_torch.py" --weights "$dir/weights.pt" --threads "$threads" --runs "$runs" --flops "$flops" | tee /tmp/mobilei2v-torch.json
VARIANTS="$variants" /usr/bin/python3 - <<'PY'
import json, os
t = json.loads(open('/tmp/mobilei2v-torch.json').read().strip().splitlines()[-1])
torch_ms = t['denoiser_ms']['p50']
print(f"denoiser pass 720p, {t['threads']} threads; PyTorch eager fp32 {torch_ms:.0f} ms")
for v in os.environ['VARIANTS'].split():
    o = json.load(open(f'/tmp/mobilei2v-ort-{v}.json'))
    ort_ms = o['stages_ms']['denoiser']['p50']
    print(f"  ONNX Runtime {v:14s} {ort_ms:8.0f} ms  speed-up {torch_ms / ort_ms:5.2f}x  "
          f"roofline {o.get('roofline_efficiency')}  clip p50 {o['clip_ms']['p50']:.0f} ms  "
          f"peak RSS {o.get('peak_rss_mb')} MB (load {o.get('load_peak_rss_mb')} MB)")
PY
