#!/usr/bin/env bash
# Benchmark (not a test): the same 12-candidate sweep, one seed per candidate, trained in this JVM, on local[2] and
# on the loopback standalone cluster (scripts/spark-standalone.sh, one worker with all cores); prints the wall time
# of each `sentifuse sweep` command (JVM start, Spark start-up and executor warm-up included) and checks the three
# ledgers hold the same scores. SWEEP picks the sweep file: experiments/sweeps/spark-mvsa.yaml (MVSA-Single; its
# features cached first: sentifuse encode experiments/paper/naive-combine.yaml --set text.model=all-minilm-l6-v2)
# or the default experiments/sweeps/fusion-quick.yaml (the demo dataset, minutes).
#   [SWEEP=FILE] scripts/spark-bench.sh [OUT_DIR] [extra --set overrides...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="${1:-$(mktemp -d /tmp/spark-bench-XXXXXX)}"; shift || true
mkdir -p "$out"
sweep="${SWEEP:-experiments/sweeps/fusion-quick.yaml}"
sets=(--set budget.max_candidates=12 --set score.seeds_per_candidate=1)
for s in "$@"; do sets+=(--set "$s"); done

run() { # name, extra args...
  local name="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  java -jar target/sentifuse.jar sweep "$sweep" "${sets[@]}" \
    --set output.runs_dir="$out/$name" --json "$@" >"$out/$name.json" 2>"$out/$name.log"
  t1=$(date +%s.%N)
  printf '%-12s %7.1f s wall  %s\n' "$name" "$(echo "$t1 - $t0" | bc)" "$(grep -o '"candidates":[0-9]*,"failed":[0-9]*' "$out/$name.json")"
}

echo "sweep: $sweep"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
run local
run local-2 --spark 'local[2]'
started=0
if [[ "$(bash scripts/spark-standalone.sh status)" != *"master running"* ]]; then
  bash scripts/spark-standalone.sh start >/dev/null; started=1
fi
run standalone --spark spark://127.0.0.1:7077
[ "$started" = 1 ] && bash scripts/spark-standalone.sh stop >/dev/null
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
# same candidates, same scores (the ledgers without paths and wall times)
python3 - "$out" <<'PY'
import glob, json, sys
def ledger(name):
    rows = []
    for line in open(glob.glob(f"{sys.argv[1]}/{name}/sweeps/*/candidates.jsonl")[0]):
        r = json.loads(line); r.pop("seconds", None); r.pop("run_dirs", None); rows.append(r)
    return sorted(rows, key=lambda r: r["index"])
a, b, c = ledger("local"), ledger("local-2"), ledger("standalone")
print("ledgers: same candidates and scores in all three" if a == b == c else "ledgers DIFFER")
PY
