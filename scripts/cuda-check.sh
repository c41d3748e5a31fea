#!/usr/bin/env bash
# The CUDA backend check, for a machine with an NVIDIA GPU (driver for CUDA 11.6, cuDNN 8 on the library path):
# builds with -Pcuda (nd4j-cuda-11.6 in place of nd4j-native; this replaces target/, rebuild without -Pcuda after)
# and runs what says whether the backend works: env, the import verification of both default encoders against
# ONNX Runtime, a fixture training, fine-tune steps and the text / image benches. Prints one Markdown table
# (step, outcome, seconds, key figure) and keeps every step's log under OUT (default target/cuda-check).
# Exit 0 when every step passed, 1 when one failed (the table says which, its log says why), 2 without a GPU.
# Usage: scripts/cuda-check.sh [OUT]
set -uo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/cuda-check}"
mkdir -p "$out"

if ! gpu="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1)"; then
  echo "cuda-check: no NVIDIA GPU here (nvidia-smi: $gpu)" >&2
  exit 2
fi
echo "GPU: $gpu" | tee "$out/gpu.txt"

rows=()
failed=0
step() {
  local name="$1" figure="$2"
  shift 2
  local started ended status value=""
  started=$(date +%s.%N)
  if timeout 1200 "$@" >"$out/$name.log" 2>&1; then status=ok; else status="FAILED (exit $?)"; failed=1; fi
  ended=$(date +%s.%N)
  # the key figure: a field of the last JSON object the step printed (one line or pretty-printed)
  if [ -n "$figure" ] && [ "$status" = ok ]; then
    value="$(python3 - "$out/$name.log" "$figure" <<'PY' 2>/dev/null || true
import json, sys
text = open(sys.argv[1], errors="replace").read()
starts = [i for i in range(len(text)) if text[i] == "{" and (i == 0 or text[i - 1] == "\n")]
for i in reversed(starts):
    try:
        d = json.JSONDecoder().raw_decode(text[i:])[0]
        print(sys.argv[2], "=", eval("d" + sys.argv[2]))
        break
    except Exception:
        continue
PY
)"
  fi
  [ "$status" = ok ] || value="$(grep -m1 -iE 'error|exception' "$out/$name.log" | cut -c1-160)"
  rows+=("| $name | $status | $(awk -v a="$started" -v b="$ended" "BEGIN{printf \"%.0f\", b - a}") | ${value} |")
}

step build "" mvn -B -q -Pcuda -DskipTests package
cli=(java -jar target/sentifuse.jar)
step env "['backend']" "${cli[@]}" env --json
step import-text "['max_abs_diff']" "${cli[@]}" import --default-text --kind text --out "$out/text.sd" --json
step import-image "['max_abs_diff']" "${cli[@]}" import --default-image --kind image --out "$out/image.sd" --json
step train-fixture "['val']" "${cli[@]}" train experiments/smoke/fixture.yaml --set output.runs_dir="$out/runs" --json
step finetune-steps "" "${cli[@]}" bench finetune --finetune text --batch 8 --length 64 --warmup 1 --steps 3
step bench-text "['ratio']" "${cli[@]}" bench text --json
step bench-image "['ratio']" "${cli[@]}" bench image --json

echo
echo "| step | outcome | seconds | figure |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$failed"
