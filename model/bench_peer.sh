#!/usr/bin/env bash
# Full-size denoiser at 720p: ONNX Runtime (our Java pipeline, ./mobilei2v bench) vs PyTorch
# eager (bench_torch.py), same weights, same inputs' shapes, same thread count, one after the
# other on this machine. Prints both and the ratio. Exports the ~1 GB reference bundle first
# if it is not there (outside the repository).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-/tmp/mobilei2v-full}"
threads="${THREADS:-$(nproc)}"
runs="${RUNS:-3}"
[ -f "$dir/manifest.json" ] || /usr/bin/python3 "$root/model/export_full.py" --out "$dir"
"$root/mobilei2v" bench --model "$dir" --runs "$runs" --steps 1 --threads "$threads" --no-export --json /tmp/mobilei2v-ort.json
flops=$(/usr/bin/python3 -c "import json;print(json.load(open('$dir/manifest.json'))['flops']['denoiser'])")
/usr/bin/python3 "$root/model/bench_torch.py" --weights "$dir/weights.pt" --threads "$threads" --runs "$runs" --flops "$flops" | tee /tmp/mobilei2v-torch.json
/usr/bin/python3 - <<PY
import json
o = json.load(open('/tmp/mobilei2v-ort.json'))
t = json.loads(open('/tmp/mobilei2v-torch.json').read().strip().splitlines()[-1])
ort_ms = o['stages_ms']['denoiser']['p50']
torch_ms = t['denoiser_ms']['p50']
print(f"denoiser pass 720p, {t['threads']} threads: ONNX Runtime {ort_ms:.0f} ms, PyTorch eager {torch_ms:.0f} ms, "
      f"speed-up {torch_ms / ort_ms:.2f}x; ORT {o.get('gflops_achieved')} GFLOP/s vs probe {o.get('gflops_peak_probe')}")
PY
