#!/usr/bin/env bash
# Fault drill for sweeps on Spark (the issue's integration check; about 3-4 minutes on 2 cores, so a script CI runs
# after `mvn -B verify`, not a test in it): starts the loopback standalone cluster (scripts/spark-standalone.sh),
# runs a short quick sweep against it, SIGKILLs the worker (and its executor) once two candidates are in the ledger,
# restarts the worker, and checks that the sweep completes with every candidate exactly once in the ledger, that
# no candidate finished before the kill trained again (its report.json untouched) and that there is one run
# folder per candidate and seed. The kill waits (up to a minute) for a candidate with a checkpoint and no report, so
# the retried task resumes a run from its checkpoint. Needs target/sentifuse.jar and the demo's features (the first run encodes them).
# With SPARK_CHECK_STORAGE=1 the executors share no path with the driver but a Hadoop FileSystem folder
# (--storage file://OUT_DIR/storage; their copies in OUT_DIR/staging): the kill then waits for a checkpoint there.
#   scripts/spark-fault-check.sh [OUT_DIR]        exit 0: passed, 1: a check failed
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="${1:-$(mktemp -d /tmp/spark-fault-XXXXXX)}"
mkdir -p "$out"
candidates="${SPARK_CHECK_CANDIDATES:-6}"
cluster="scripts/spark-standalone.sh"
started_cluster=0
if [[ "$(bash "$cluster" status)" != *"master running"* ]]; then bash "$cluster" start; started_cluster=1; fi
cleanup() {
  [ -n "${sweep_pid:-}" ] && kill "$sweep_pid" 2>/dev/null || true
  bash "$cluster" start-worker >/dev/null 2>&1 || true
  [ "$started_cluster" = 1 ] && bash "$cluster" stop || true
}
trap cleanup EXIT

fail() { echo "FAILED: $*" >&2; exit 1; }

storage=()
java_opts=()
if [ "${SPARK_CHECK_STORAGE:-0}" = 1 ]; then
  storage=(--storage "file://$out/storage")
  java_opts=("-Dspark.sentifuse.stagingDir=$out/staging")
fi
java "${java_opts[@]}" -jar target/sentifuse.jar sweep experiments/sweeps/fusion-quick.yaml \
  --spark spark://127.0.0.1:7077 "${storage[@]}" --set budget.max_candidates="$candidates" --set score.seeds_per_candidate=1 --set training.epochs=6 \
  --set output.runs_dir="$out" --json >"$out/result.json" 2>"$out/sweep.log" &
sweep_pid=$!

ledger=""
for _ in $(seq 1 2400); do  # up to 20 min: the first run also fills the feature cache
  ledger="$(ls -d "$out"/sweeps/*/candidates.jsonl 2>/dev/null | head -1 || true)"
  if [ -n "$ledger" ] && [ "$(wc -l <"$ledger")" -ge 2 ]; then break; fi
  kill -0 "$sweep_pid" 2>/dev/null || fail "the sweep ended before the kill (see $out/sweep.log)"
  sleep 0.5
done
[ -n "$ledger" ] && [ "$(wc -l <"$ledger")" -ge 2 ] || fail "no two candidates within 20 minutes (see $out/sweep.log)"
dir="$(dirname "$ledger")"
watched="$dir/runs"
[ "${#storage[@]}" -gt 0 ] && watched="$out/storage/sweeps/$(basename "$dir")/runs"
# kill while a candidate is mid-run when possible: a run folder with a checkpoint and no report yet (up to 60 s)
for _ in $(seq 1 300); do
  mid="$(for r in "$watched"/*/; do [ -d "$r/checkpoints" ] && [ ! -f "$r/report.json" ] \
    && ls "$r/checkpoints" | grep -q epoch && echo "$r"; done 2>/dev/null | head -1 || true)"
  [ -n "$mid" ] && break
  sleep 0.2
done
echo "killing the worker ${mid:+while $mid has a checkpoint}"
cp "$ledger" "$out/ledger-at-kill.jsonl"
bash "$cluster" kill-worker
echo "worker killed with $(wc -l <"$out/ledger-at-kill.jsonl") candidates in the ledger"
# the reports of every run finished at the kill, with their modification times
# (with --storage: the storage's copies, which a re-run would replace; the driver fetches each candidate's once)
reports_in="$dir/runs"
[ "${#storage[@]}" -gt 0 ] && reports_in="$watched"
find "$reports_in" -name report.json -printf '%p %T@\n' | sort >"$out/reports-at-kill.txt"
find "$reports_in" -name report.json -exec sha256sum {} + | sort >"$out/report-sums-at-kill.txt"
sleep 5
bash "$cluster" start-worker

wait "$sweep_pid" || fail "the sweep exited with $? (see $out/sweep.log)"
sweep_pid=""
total="$(wc -l <"$ledger")"
unique="$(grep -o '"index":[0-9]*' "$ledger" | sort -u | wc -l)"
[ "$total" = "$candidates" ] || fail "$total ledger lines, expected $candidates"
[ "$unique" = "$candidates" ] || fail "$unique distinct candidates in the ledger, expected $candidates"
head -n "$(wc -l <"$out/ledger-at-kill.jsonl")" "$ledger" | cmp -s - "$out/ledger-at-kill.jsonl" \
  || fail "the ledger's lines from before the kill changed"
if [ "${#storage[@]}" -gt 0 ]; then
  # a retried task sends a finished run folder again (a new copy, same bytes): compare contents, not times
  while read -r sum report; do
    [ "$(sha256sum "$report" | cut -d' ' -f1)" = "$sum" ] || fail "$report changed after the kill"
  done <"$out/report-sums-at-kill.txt"
else
  while read -r report mtime; do
    [ "$(stat -c '%.Y' "$report" 2>/dev/null || find "$report" -printf '%T@')" = "$mtime" ] \
      || [ "$(find "$report" -printf '%T@')" = "$mtime" ] || fail "$report was written again after the kill"
  done <"$out/reports-at-kill.txt"
fi
runs="$(find "$dir/runs" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)"
[ "$runs" = "$candidates" ] || fail "$runs run folders, expected $candidates (one per candidate and seed)"
grep -q '"failed":0' "$out/result.json" || fail "failed candidates: $(cat "$out/result.json")"
retried="$(grep -c 'attempt [2-9]' "$out/sweep.log" || true)"
if [ "${#storage[@]}" -gt 0 ]; then
  unstaged="$(grep -L "$out/staging" "$dir"/runs/*/config.executor.yaml || true)"
  [ -z "$unstaged" ] || fail "runs that did not train on the executors' staged copies: $unstaged"
  unrelocated="$(grep -l "$out/staging" "$dir"/runs/*/config.yaml || true)"
  [ -z "$unrelocated" ] || fail "run folders the driver did not relocate to its own inputs: $unrelocated"
  remote="$(find "$watched" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)"
  [ "$remote" = "$candidates" ] || fail "$remote run folders in the storage, expected $candidates"
fi
echo "passed${storage[*]:+ (${storage[*]})}: $candidates candidates, each once in the ledger; $(wc -l <"$out/reports-at-kill.txt") runs finished" \
  "before the kill untouched; $retried candidate(s) finished on a retried task; sweep folder $dir"
