#!/usr/bin/env bash
# Benchmarks the whole system on this machine: starts it with run.sh (broker, stubs, aggregator, and
# core-app in rest mode), runs the load generator (bench/), then stops everything it started.
#
# Usage: ./bench.sh [--mode jms|rest|streams|none] [--rate N] [--duration S] [--warmup S] [--limits] [--no-build]
#                   [--aggregators 1|2] [--core-apps 1|2] [--jfr] [--label text] [other generator options]
#   --mode jms    requests straight onto rq.queue, events read from rs.queue (core-app not started)
#   --mode rest   POST to core-app and follow each request over its WebSocket, as a browser does; reports
#                 core-app's push latency (rs.queue to WebSocket frame) from its metrics
#   --mode streams [--connections N] [--live L]   N WebSockets held open on core-app (default 10,000), L of them
#                 on live quotes (default 1,000; posted at L/60 per second for --duration S), the rest idle;
#                 memory per connection, CPU, push p99, connections dropped
#   --mode none   with --limits: only the parts' limits
#   --limits      first measure Artemis, PostgreSQL and stub HTTP throughput on this machine
#   --aggregators 2   a second aggregator instance (port 8082) on the same database and broker
#   --core-apps 2     rest mode: a second core-app instance (port 8181); POSTs go to both in turn, and each
#                 request's WebSocket is opened on the other instance than its POST
#   --jfr         record the aggregator (and core-app, when it runs) with Java Flight Recorder into .run/jfr/,
#                 one file per JVM (its pid at the end of the name)
#   --prewarm S   first S seconds at half the rate, not measured (then the measured run): the JVMs' JIT
#                 compiles under load instead of during the measured run's first seconds
#   --jmh [JMH options]   instead of all the above: build bench/ and run its JMH micro-benchmarks
#                 (e.g. ./bench.sh --jmh InsurerCall), no system started
# Environment: AGGREGATOR_ARGS, CORE_APP_ARGS, JAVA_OPTS (passed to run.sh), BENCH_JAVA_OPTS (generator JVM),
#   AGGREGATOR_HEAP (the aggregator's -Xmx, default 1g), AGGREGATOR_JVM_DEFAULTS (run.sh's: the collector,
#   ZGC unless e.g. "-XX:+UseG1GC"), STUBS_ARGS (run.sh's, e.g. --faults-file bench/soak-faults.yml).
# Each run uses its own schemas (bench_osago, bench_core_app; dropped at the start) and empties the
# broker's journal (.run/broker/data) first. Needs psql.
# Results: bench/results/<time>-<mode>-<rate>.json and .png; the system's logs in .run/logs/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# every open stream is a file descriptor in core-app and in the generator (inherited by run.sh's processes)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# shellcheck source=scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
use_jdk || { echo "bench.sh: a JDK 21 or newer is needed" >&2; exit 1; }
RUN_LOG="$ROOT/.run/logs/bench-run.log"
PID_DIR="$ROOT/.run/pids"
# Micro-benchmarks run from the module's classes and its dependencies' jars: JMH forks JVMs with the
# parent's class path, which a Spring Boot jar's nested libraries are not on.
if [[ "${1:-}" == "--jmh" ]]; then
  shift
  (cd "$ROOT" && mvn -B -q -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
  exec java -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.openjdk.jmh.Main "$@"
fi

MODE=jms
BUILD=yes
AGGREGATORS=1
CORE_APPS=1
JFR=no
PREWARM=0
RATE=10
PASS=()

while (($#)); do
  case "$1" in
    --mode) MODE="$2"; PASS+=("$1" "$2"); shift 2 ;;
    --no-build) BUILD=no; shift ;;
    --aggregators) AGGREGATORS="$2"; shift 2 ;;
    --core-apps) CORE_APPS="$2"; shift 2 ;;
    --jfr) JFR=yes; shift ;;
    --prewarm) PREWARM="$2"; shift 2 ;;
    --rate) RATE="$2"; PASS+=("$1" "$2"); shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/{/^#/p}' "$0"; exit 0 ;;
    *) PASS+=("$1"); shift ;;
  esac
done

if [[ "$BUILD" == "yes" ]]; then
  echo "bench.sh: building (mvn -B -q -DskipTests package) ..."
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi
BENCH_JAR="$(ls "$ROOT"/bench/target/bench-*-exec.jar)"

mkdir -p "$ROOT/.run/logs" "$ROOT/.run/jfr"
# an earlier system still running (or stopping) would be wiped under its feet below
for port in 61616 8080 8081 8082 8181 9100 9101 9102 9103 9104 9105; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench.sh: port $port is in use: is an earlier run.sh or bench.sh still running?" >&2
    exit 1
  fi
done
# Every run starts clean: schemas of its own (dropped first) and an empty broker journal, so no work
# left by an earlier run is counted in this one.
AGGREGATOR_SCHEMA=bench_osago
CORE_APP_SCHEMA=bench_core_app
psql -q -h 127.0.0.1 -U postgres -d postgres \
  -c "drop schema if exists $AGGREGATOR_SCHEMA cascade; drop schema if exists $CORE_APP_SCHEMA cascade" \
  || { echo "bench.sh: cannot reach PostgreSQL with psql on 127.0.0.1:5432" >&2; exit 1; }
rm -rf "$ROOT/.run/broker/data"
export AGGREGATOR_ARGS="--osago.db-schema=$AGGREGATOR_SCHEMA ${AGGREGATOR_ARGS:-}"
export AGGREGATOR_INSTANCES="$AGGREGATORS"
export CORE_APP_INSTANCES="$CORE_APPS"
URL_ARGS=()
((CORE_APPS == 1)) || URL_ARGS=(--core-app-url "http://127.0.0.1:8080,http://127.0.0.1:8181")
# a loaded 2-core machine may take minutes to start the apps
export START_TIMEOUT="${START_TIMEOUT:-400}"
[[ "$MODE" == "rest" || "$MODE" == "streams" ]] || export SKIP_CORE_APP=yes
# the benchmark measures the system, not core-app's per-user limit (10 per minute by default)
export CORE_APP_ARGS="--osago.core.db-schema=$CORE_APP_SCHEMA --osago.core.rate-limit.requests-per-window=1000000000 --server.tomcat.max-connections=30000 ${CORE_APP_ARGS:-}"
# The aggregator's heap as the hot-path target sets it (AGGREGATOR_HEAP=... to change), and its GC log, which
# the generator reads for the steady state's pauses and heap (%p: each instance its own file)
export AGGREGATOR_JAVA_OPTS="-Xmx${AGGREGATOR_HEAP:-1g} -Xlog:gc,gc+phases:file=$ROOT/.run/logs/gc-aggregator-%p.log:time ${AGGREGATOR_JAVA_OPTS:-}"
if [[ "$JFR" == "yes" ]]; then
  # %p (the JVM's pid): with --aggregators 2 or --core-apps 2 each instance keeps its own recording
  JFR_FILE="$ROOT/.run/jfr/aggregator-$(date -u +%Y%m%d-%H%M%S)-%p.jfr"
  export AGGREGATOR_JAVA_OPTS="-XX:StartFlightRecording=filename=$JFR_FILE,settings=profile,dumponexit=true ${AGGREGATOR_JAVA_OPTS:-}"
  echo "bench.sh: JFR recording of the aggregator goes to ${JFR_FILE#"$ROOT"/}"
  if [[ "${SKIP_CORE_APP:-no}" != "yes" ]]; then
    CORE_JFR_FILE="${JFR_FILE/aggregator-/core-app-}"
    export CORE_APP_JAVA_OPTS="-XX:StartFlightRecording=filename=$CORE_JFR_FILE,settings=profile,dumponexit=true ${CORE_APP_JAVA_OPTS:-}"
    echo "bench.sh: JFR recording of core-app goes to ${CORE_JFR_FILE#"$ROOT"/}"
  fi
fi

echo "bench.sh: starting the system with run.sh --no-build (log: .run/logs/bench-run.log) ..."
# emptied here, not by the redirection: that happens in the background job, maybe after the first grep
: > "$RUN_LOG"
rm -f "$PID_DIR"/*.pid
"$ROOT/run.sh" --no-build >> "$RUN_LOG" 2>&1 &
RUN_PID=$!

stop_system() {
  if kill -0 "$RUN_PID" 2>/dev/null; then
    echo "bench.sh: stopping the system ..."
    kill -TERM "$RUN_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$RUN_PID" 2>/dev/null && ((waited < 150)); do
      sleep 1
      waited=$((waited + 1))
    done
  fi
  wait "$RUN_PID" 2>/dev/null || true
  tail -n 8 "$RUN_LOG" | sed 's/^/  run.sh: /'
}
trap stop_system EXIT

until grep -q "The OSAGO system is running" "$RUN_LOG" 2>/dev/null; do
  if ! kill -0 "$RUN_PID" 2>/dev/null; then
    echo "bench.sh: run.sh stopped during start-up:" >&2
    tail -n 40 "$RUN_LOG" >&2
    exit 1
  fi
  sleep 1
done

PID_ARGS=()
for f in "$PID_DIR"/*.pid; do
  PID_ARGS+=(--pid "$(basename "$f" .pid)=$(cat "$f")")
done
echo "bench.sh: system up (${PID_ARGS[*]}); load average $(cut -d' ' -f1-3 /proc/loadavg), nproc $(nproc)"

read -r -a GENERATOR_JVM <<< "${BENCH_JAVA_OPTS:--Xmx2g}"
if ((PREWARM > 0)) && [[ "$MODE" != "streams" ]]; then
  echo "bench.sh: pre-warming for ${PREWARM}s at $((RATE / 2))/s (not measured) ..."
  java "${GENERATOR_JVM[@]}" -jar "$BENCH_JAR" --repo "$ROOT" --artemis-home "$ROOT/.run/apache-artemis-2.40.0" \
    --schemas "$AGGREGATOR_SCHEMA,$CORE_APP_SCHEMA" "${PID_ARGS[@]}" --mode "$MODE" --rate $((RATE / 2 > 0 ? RATE / 2 : 1)) ${URL_ARGS[@]+"${URL_ARGS[@]}"} \
    --duration "$PREWARM" --label prewarm --out "$ROOT/.run/prewarm" > "$ROOT/.run/logs/bench-prewarm.log" 2>&1
  echo "bench.sh: pre-warm done; load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi
java "${GENERATOR_JVM[@]}" -jar "$BENCH_JAR" --repo "$ROOT" --artemis-home "$ROOT/.run/apache-artemis-2.40.0" \
  --schemas "$AGGREGATOR_SCHEMA,$CORE_APP_SCHEMA" "${PID_ARGS[@]}" ${URL_ARGS[@]+"${URL_ARGS[@]}"} ${PASS[@]+"${PASS[@]}"}
