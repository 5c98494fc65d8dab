#!/usr/bin/env bash
# Faults under load: starts the system with run.sh (two aggregator instances, one core-app, the stubs with a
# fault switch), and for each scenario runs the load generator through core-app (--mode sse: POST, then the
# request's SSE stream, connected again with Last-Event-ID whenever it drops) while it breaks one part, then
# counts what became of every request core-app answered 202. Each scenario is reported on its own:
#   broker            ./run.sh --restart broker: Artemis stopped and started again
#   postgres          pg_terminate_backend on every connection of this run's apps (application_name
#                     osago-faults), three times 5 s apart; the machine's PostgreSQL itself keeps running
#   kill-aggregator   ./run.sh --kill aggregator: kill -9 of one of the two aggregators, then started again
#   kill-core-app     ./run.sh --kill core-app: kill -9 of core-app (the only one: POSTs are refused and streams
#                     cut until it is back), then started again
#   storm-hang, storm-reset, storm-500, storm-429, storm-malformed
#                     the storm insurers (--storm-insurers) hang / reset the connection / answer 500 / answer 429 /
#                     answer malformed JSON on --storm-rate of their calls for --storm-seconds
# Per scenario: requests sent, refused (not 202), accepted (202), completed, lost (202 without COMPLETED within
# the deadline + grace), duplicated events, COMPLETED later than 61 s and the latest, and when the part was down.
#
# Usage: bench/faults.sh [--scenarios a,b,...] [--rate N] [--duration S] [--fault-at S] [--grace S]
#                        [--storm-insurers a,b] [--storm-rate R] [--storm-seconds S] [--no-build] [--label text]
#   --scenarios   default: broker,postgres,kill-aggregator,kill-core-app,storm-hang,storm-reset,storm-500,
#                 storm-429,storm-malformed
#   --rate N      requests per second (default 30)        --duration S  seconds of load per scenario (default 60)
#   --fault-at S  seconds into the load when the part breaks (default 20)
#   --grace S     seconds after the deadline a COMPLETED still counts as arrived (default 60; later is lost)
#   --prewarm S   first S seconds at half the rate, not measured, so the fresh JVMs compile under load (default 30)
# Environment: AGGREGATOR_ARGS, CORE_APP_ARGS, JAVA_OPTS (passed to run.sh), BENCH_JAVA_OPTS (generator JVM).
# Stays on 127.0.0.1, stops by itself and stops what it started. Uses its own schemas (faults_osago,
# faults_core_app; dropped at the start) and empties the broker's journal first. Needs psql and jq.
# Results: bench/results/faults-<time>.json (every scenario's figures, the machine's load) and, per scenario,
# the generator's own JSON and log under bench/results/faults-<time>/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
use_jdk || { echo "faults.sh: a JDK 21 or newer is needed" >&2; exit 1; }

SCENARIOS=broker,postgres,kill-aggregator,kill-core-app,storm-hang,storm-reset,storm-500,storm-429,storm-malformed
RATE=30
DURATION=60
FAULT_AT=20
GRACE=60
PREWARM=30
STORM_INSURERS=bereza,garant
STORM_RATE=0.8
STORM_SECONDS=20
BUILD=yes
LABEL=""
while (($#)); do
  case "$1" in
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --fault-at) FAULT_AT="$2"; shift 2 ;;
    --grace) GRACE="$2"; shift 2 ;;
    --prewarm) PREWARM="$2"; shift 2 ;;
    --storm-insurers) STORM_INSURERS="$2"; shift 2 ;;
    --storm-rate) STORM_RATE="$2"; shift 2 ;;
    --storm-seconds) STORM_SECONDS="$2"; shift 2 ;;
    --no-build) BUILD=no; shift ;;
    --label) LABEL="$2"; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "faults.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

RUN_DIR="$ROOT/.run"
RUN_LOG="$RUN_DIR/logs/faults-run.log"
FAULTS_FILE="$RUN_DIR/faults/stubs-faults.yml"
STAMP="$(date -u +%Y%m%d-%H%M%S)"
OUT="$ROOT/bench/results/faults-$STAMP"
RESULT="$ROOT/bench/results/faults-$STAMP.json"
AGGREGATOR_SCHEMA=faults_osago
CORE_APP_SCHEMA=faults_core_app
# marks this run's database connections, so a cut takes only theirs (the machine's PostgreSQL is shared)
APP_NAME=osago-faults
PSQL=(psql -q -X -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1)

log() { echo "faults.sh: $*"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

for tool in psql jq curl; do
  command -v "$tool" >/dev/null || { echo "faults.sh: $tool is needed" >&2; exit 1; }
done
if [[ "$BUILD" == "yes" ]]; then
  log "building (mvn -B -q -DskipTests package) ..."
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi
BENCH_JAR="$(ls "$ROOT"/bench/target/bench-*-exec.jar)"
for port in 61616 8080 8081 8082 9100 9101 9102 9103 9104 9105; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "faults.sh: port $port is in use: is an earlier run.sh, bench.sh or faults.sh still running?" >&2
    exit 1
  fi
done

"${PSQL[@]}" -c "drop schema if exists $AGGREGATOR_SCHEMA cascade; drop schema if exists $CORE_APP_SCHEMA cascade"
rm -rf "$RUN_DIR/broker/data"
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/faults" "$OUT"
: > "$FAULTS_FILE"

export OSAGO_DB_URL="jdbc:postgresql://127.0.0.1:5432/postgres?ApplicationName=$APP_NAME"
export AGGREGATOR_INSTANCES=2
export START_TIMEOUT="${START_TIMEOUT:-400}"
export STUBS_ARGS="--faults-file $FAULTS_FILE"
export AGGREGATOR_ARGS="--osago.db-schema=$AGGREGATOR_SCHEMA ${AGGREGATOR_ARGS:-}"
# the harness measures the system, not core-app's per-user limit (10 per minute by default)
export CORE_APP_ARGS="--osago.core.db-schema=$CORE_APP_SCHEMA --osago.core.rate-limit.requests-per-window=1000000000 --server.tomcat.max-connections=30000 ${CORE_APP_ARGS:-}"

log "starting the system with run.sh --no-build (two aggregators; log: .run/logs/faults-run.log) ..."
: > "$RUN_LOG"
"$ROOT/run.sh" --no-build >> "$RUN_LOG" 2>&1 &
RUN_PID=$!
stop_system() {
  : > "$FAULTS_FILE"
  if kill -0 "$RUN_PID" 2>/dev/null; then
    log "stopping the system ..."
    kill -TERM "$RUN_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$RUN_PID" 2>/dev/null && ((waited < 200)); do
      sleep 1
      waited=$((waited + 1))
    done
  fi
  wait "$RUN_PID" 2>/dev/null || true
}
trap stop_system EXIT
until grep -q "The OSAGO system is running" "$RUN_LOG" 2>/dev/null; do
  kill -0 "$RUN_PID" 2>/dev/null || { tail -n 40 "$RUN_LOG" >&2; echo "faults.sh: run.sh stopped during start-up" >&2; exit 1; }
  sleep 1
done
log "system up; load average $(load), nproc $(nproc)"

# The fault switch of the stubs (FaultSwitch): the file's rates replace the configured ones while it has them.
set_faults() {
  printf '%s\n' "$1" > "$FAULTS_FILE.tmp"
  mv "$FAULTS_FILE.tmp" "$FAULTS_FILE"
}

storm() {
  local key="$1" yaml="" insurer
  for insurer in ${STORM_INSURERS//,/ }; do
    yaml+="$insurer: {$key: $STORM_RATE}"$'\n'
  done
  set_faults "$yaml"
  sleep "$STORM_SECONDS"
  set_faults ""
}

cut_database() {
  local cut n
  for cut in 1 2 3; do
    n="$("${PSQL[@]}" -t -A -c "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = '$APP_NAME') t")"
    log "  cut $cut: $n connections of $APP_NAME terminated"
    ((cut == 3)) || sleep 5
  done
}

# Breaks the scenario's part; returns once it is back.
fault() {
  case "$1" in
    broker) "$ROOT/run.sh" --restart broker ;;
    postgres) cut_database ;;
    kill-aggregator) "$ROOT/run.sh" --kill aggregator ;;
    kill-core-app) "$ROOT/run.sh" --kill core-app ;;
    storm-hang) storm hangRate ;;
    storm-reset) storm resetRate ;;
    storm-500) storm errorRate ;;
    storm-429) storm throttleRate ;;
    storm-malformed) storm malformedRate ;;
    *) echo "faults.sh: no scenario $1" >&2; return 1 ;;
  esac
}

read -r -a GENERATOR_JVM <<< "${BENCH_JAVA_OPTS:--Xmx2g}"
if ((PREWARM > 0)); then
  log "pre-warming for ${PREWARM}s at $(((RATE + 1) / 2))/s (not measured) ..."
  java "${GENERATOR_JVM[@]}" -jar "$BENCH_JAR" --repo "$ROOT" --mode sse --rate $(((RATE + 1) / 2)) --duration "$PREWARM" --deadline 10 --grace 0 \
    --schemas "$AGGREGATOR_SCHEMA,$CORE_APP_SCHEMA" --label prewarm --out "$RUN_DIR/prewarm" > "$OUT/prewarm.log" 2>&1
  log "pre-warm done; load average $(load)"
fi
SUMMARIES=()
for scenario in ${SCENARIOS//,/ }; do
  log "scenario $scenario: ${DURATION}s at $RATE/s, the fault at ${FAULT_AT}s; load average $(load)"
  load_before="$(load)"
  java "${GENERATOR_JVM[@]}" -jar "$BENCH_JAR" --repo "$ROOT" --mode sse --rate "$RATE" --duration "$DURATION" \
    --grace "$GRACE" --schemas "$AGGREGATOR_SCHEMA,$CORE_APP_SCHEMA" --label "faults $scenario $LABEL" --out "$OUT" \
    > "$OUT/$scenario.log" 2>&1 &
  generator=$!
  started=$SECONDS
  sleep "$FAULT_AT"
  down_from=$((SECONDS - started))
  log "  $scenario: breaking at ${down_from}s (load average $(load))"
  fault "$scenario" 2>&1 | sed 's/^/  /'
  down_to=$((SECONDS - started))
  log "  $scenario: back at ${down_to}s"
  wait "$generator" || { tail -n 30 "$OUT/$scenario.log" >&2; log "the generator failed in $scenario"; exit 1; }
  json="$(sed -n 's/^bench: wrote \(.*\.json\)$/\1/p' "$OUT/$scenario.log" | tail -n 1)"
  mv "$json" "$OUT/$scenario.json"
  rm -f "${json%.json}.png"
  summary="$(jq --arg s "$scenario" --arg lb "$load_before" --arg la "$(load)" \
    --argjson from "$down_from" --argjson to "$down_to" '.load as $l | {
      scenario: $s, rate: $l.targetRate, seconds: $l.durationSeconds, sent: $l.requestsSent,
      refused: ([$l.errors | to_entries[] | select(.key | startswith("send: ")) | .value] | add // 0),
      accepted: $l.latencyMs.postReply.count, acceptedEvents: $l.accepted, completed: $l.completed,
      lost: $l.losses.lost, duplicateEvents: $l.duplicateEvents,
      completedAfter61s: $l.losses.completedAfter61s, completedMaxMs: $l.latencyMs.completed.max,
      lateSentSeconds: (if $l.losses.lateSentToSecond == null then null
                        else [$l.losses.lateSentFromSecond, $l.losses.lateSentToSecond] end),
      faultWindowSeconds: [$from, $to],
      lostRequestIds: $l.lostRequestIds, streamReconnects: ([$l.errors | to_entries[]
        | select(.key | startswith("stream connected again")) | .value] | add // 0),
      loadAverageBefore: $lb, loadAverageAfter: $la }' "$OUT/$scenario.json")"
  SUMMARIES+=("$summary")
  echo "$summary" | jq -c '{scenario, sent, refused, accepted, completed, lost, duplicateEvents, completedAfter61s,
    completedMaxMs, lateSentSeconds, faultWindowSeconds, loadAverageAfter}' | sed 's/^/faults.sh: /'
done

printf '%s\n' "${SUMMARIES[@]}" | jq -s --arg name "$LABEL" --arg nproc "$(nproc)" --arg load "$(load)" \
  --arg rev "$(git -C "$ROOT" rev-parse --short HEAD)" --arg storm "$STORM_INSURERS at $STORM_RATE for ${STORM_SECONDS}s" \
  '{"label": $name, commit: $rev, nproc: ($nproc | tonumber), loadAverageAtEnd: $load, storm: $storm,
    instances: "2 aggregators, 1 core-app", mode: "sse through core-app", scenarios: .}' > "$RESULT"
log "wrote ${RESULT#"$ROOT"/}"
jq -r '.scenarios[] | [.scenario, "sent \(.sent)", "refused \(.refused)", "accepted \(.accepted)",
  "completed \(.completed)", "lost \(.lost)", "dup \(.duplicateEvents)", ">61s \(.completedAfter61s)",
  "max \(.completedMaxMs) ms", "fault at \(.faultWindowSeconds)", "load \(.loadAverageAfter)"] | join("  ")' "$RESULT"
if jq -e '[.scenarios[] | .lost + .duplicateEvents] | add == 0' "$RESULT" >/dev/null; then
  log "nothing lost, no duplicates"
else
  log "LOST or DUPLICATED events: see $RESULT"
  exit 1
fi
