#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the Spark jars the build already has (target/lib, reached through
# target/sentifuse.jar's class path): no download, no SPARK_HOME to install.
#
#   scripts/spark-standalone.sh start          master spark://127.0.0.1:7077 (UI :8080) + one worker (UI :8081)
#   scripts/spark-standalone.sh stop           stops both
#   scripts/spark-standalone.sh start-worker   the worker alone (after kill-worker)
#   scripts/spark-standalone.sh kill-worker    SIGKILL the worker and its executors (fault drills)
#   scripts/spark-standalone.sh status
#
# Then: ./sentifuse sweep SWEEP.yaml --spark spark://127.0.0.1:7077
# Settings (environment): SPARK_MASTER_PORT (7077), SPARK_MASTER_WEBUI_PORT (8080), SPARK_WORKER_WEBUI_PORT (8081),
# SPARK_WORKER_CORES (all cores), SPARK_WORKER_MEMORY (4g: heap + off-heap of all its executors),
# SPARK_STANDALONE_DIR (target/spark-standalone: pids, logs, executors' work folders).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/sentifuse.jar"
state="${SPARK_STANDALONE_DIR:-$here/target/spark-standalone}"
port="${SPARK_MASTER_PORT:-7077}"
master_ui="${SPARK_MASTER_WEBUI_PORT:-8080}"
worker_ui="${SPARK_WORKER_WEBUI_PORT:-8081}"
cores="${SPARK_WORKER_CORES:-$(nproc)}"
memory="${SPARK_WORKER_MEMORY:-4g}"
url="spark://127.0.0.1:$port"

# What Spark's own launcher opens on Java 17 (JavaModuleOptions).
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

# The worker builds executor command lines from SPARK_HOME/jars; an empty one leaves the class path to the
# application (spark.executor.extraClassPath, which `sentifuse sweep --spark` sets to its own jar).
export SPARK_HOME="$state/home"
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_SCALA_VERSION=2.12

running() { [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

launch() { # name main-class args...
  local name="$1"; shift
  if running "$name"; then echo "$name already running (pid $(cat "$state/$name.pid"))"; return; fi
  nohup java -Xmx512m "${opens[@]}" -cp "$jar" "$@" >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
  echo "$name started (pid $!, log $state/$name.log)"
}

wait_for() { # name pattern
  for _ in $(seq 1 120); do
    grep -q "$2" "$state/$1.log" 2>/dev/null && return 0
    running "$1" || { echo "$1 died, see $state/$1.log" >&2; tail -20 "$state/$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "$1 not ready after 60 s, see $state/$1.log" >&2; return 1
}

stop_one() { # name signal
  if running "$1"; then
    local pid; pid="$(cat "$state/$1.pid")"
    # the worker's executors are its children
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do kill "-$2" "$child" 2>/dev/null || true; done
    kill "-$2" "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    echo "$1 stopped (pid $pid)"
  fi
  rm -f "$state/$1.pid"
}

start_worker() {
  launch worker org.apache.spark.deploy.worker.Worker "$url" --host 127.0.0.1 --cores "$cores" --memory "$memory" \
    --webui-port "$worker_ui" --work-dir "$state/work"
  wait_for worker "Successfully registered with master"
}

[ -f "$jar" ] || { echo "no $jar: build it first (mvn -B -DskipTests package)" >&2; exit 2; }
mkdir -p "$state/home/jars" "$state/work"
case "${1:-}" in
  start)
    launch master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$master_ui"
    wait_for master "I have been elected leader"
    start_worker
    echo "master $url (UI http://127.0.0.1:$master_ui), worker with $cores cores and $memory"
    ;;
  start-worker) start_worker ;;
  kill-worker) stop_one worker KILL ;;
  stop) stop_one worker TERM; stop_one master TERM ;;
  status)
    for n in master worker; do
      if running "$n"; then echo "$n running (pid $(cat "$state/$n.pid"))"; else echo "$n stopped"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|start-worker|kill-worker|status" >&2; exit 2 ;;
esac
