#!/usr/bin/env bash
# Reproduces ui/screenshots/*.png: runs the live demo (a synthetic training run fed to the UI through
# io.sentifuse.ui.UiSession, test scope: src/test/java/io/sentifuse/ui/LiveDemo.java) on 127.0.0.1 and
# photographs the pages with headless Chromium while the run trains.
# Needs: Maven (offline is fine once dependencies are in ~/.m2), chromium (apt-get install -y chromium).
# Usage: ui/screenshot.sh [PORT]     (default 9137)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${1:-9137}"
out="$here/ui/screenshots"
runs="$here/target/ui-demo-runs"
cd "$here"

mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/ui-demo.classpath
rm -rf "$runs"
mkdir -p "$out"

log="$(mktemp)"
# 12 epochs x 60 steps x 40 ms: about 30 s of "training".
java -cp "target/test-classes:target/classes:$(cat target/ui-demo.classpath)" io.sentifuse.ui.LiveDemo \
  "$runs" "$port" 12 60 40 >"$log" 2>&1 &
demo=$!
trap 'kill "$demo" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 120); do
  grep -q '^DEMO_URL ' "$log" && break
  kill -0 "$demo" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
url="$(grep '^DEMO_URL ' "$log" | cut -d' ' -f2)"
echo "demo at $url" >&2
sleep 18   # mid-run: about epoch 7 of 12, still training

shot() {  # shot FILE URL HEIGHT
  local profile
  profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --virtual-time-budget=15000 \
    --screenshot="$1" --window-size="1400,$3" "$2" 2>/dev/null
  rm -rf "$profile"
}
shot "$out/live-curves.png" "$url" 1200
shot "$out/dl4j-train-overview.png" "http://127.0.0.1:$port/train/overview" 1000
ls -l "$out"
