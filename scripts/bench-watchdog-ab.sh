#!/usr/bin/env bash
# The README's watchdog A/B table (a benchmark, not a test): the same jar with the memory watchdog (now) and with
# JavaCPP's per-allocation check (before: -Dorg.bytedeco.javacpp.maxPhysicalBytes set), alternated ROUNDS times,
# each bench in a fresh JVM; prints per bench and arm the median over rounds of SameDiff's median time, [min-max].
# Run it on a quiet machine.   ROUNDS=5 [ONLY=text-1x8] scripts/bench-watchdog-ab.sh [JSON_DIR]
# (default target/bench-ab/; ONLY keeps the benches whose name contains it)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
dir="${1:-target/bench-ab}"
rounds="${ROUNDS:-5}"
mkdir -p "$dir"
[ -f target/sentifuse.jar ] || mvn -q -DskipTests package
benches=("text-1x8|text --batch 1 --length 8 --threads 1" "image-b1|image --batch 1" "image-b16|image"
         "train-ote|train --head ote --steps 300" "train-cmac|train --head cmac --steps 150")
for round in $(seq 1 "$rounds"); do
  for arm in now before; do
    opts=()
    [ "$arm" = before ] && opts=(-Dorg.bytedeco.javacpp.maxPhysicalBytes=19000000000)
    for b in "${benches[@]}"; do
      name="${b%%|*}"
      [[ "$name" == *"${ONLY:-}"* ]] || continue
      echo "round $round, $arm: bench ${b#*|}" >&2
      # shellcheck disable=SC2086
      java "${opts[@]}" -jar target/sentifuse.jar bench ${b#*|} --json >"$dir/$name-$arm-$round.json" \
        2>"$dir/$name-$arm-$round.log"
    done
  done
done
python3 - "$dir" <<'PY'
import glob, json, os, statistics, sys
d = sys.argv[1]
rows = {}
for f in sorted(glob.glob(os.path.join(d, "*.json"))):
    name, arm, _ = os.path.basename(f)[:-5].rsplit("-", 2)
    j = json.load(open(f))
    ms = next(j[k] for k in ("samediff_median_ms", "median_millis") if k in j)
    rows.setdefault((name, arm), []).append(ms)
for (name, arm), v in sorted(rows.items()):
    print(f"{name:11s} {arm:6s} {statistics.median(v):9.1f} ms [{min(v):.1f}-{max(v):.1f}] over {len(v)} rounds")
PY
