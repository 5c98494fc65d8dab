#!/usr/bin/env bash
# Checks that the JMS load generator keeps the rate it is given, with a broker alone: starts an Artemis
# broker of its own (instance .run/broker-check, emptied each time, port 61716 so it can run beside
# ./run.sh's broker), a stand-in for the aggregator that answers every request at once with ACCEPTED,
# OFFERs and COMPLETED (bench-exec.jar jms-echo, in a process of its own so the generator's CPU is its
# own), then the generator (--mode jms) for a short run, and stops what it started. The generator's
# summary line and JSON (in /tmp/jms-check/) tell the achieved rate and its own CPU per request.
#
# Usage: bench/jms-check.sh [--rate N] [--duration S] [--events N] [other generator options]
#   --events N   events per request from the stand-in (default 7: ACCEPTED, 5 OFFERs, COMPLETED)
#   --store-delay-ms N   the broker waits up to N ms before it writes and syncs its journal (its
#                journal-buffer-timeout), so storing each persistent message takes ~N ms: a stand-in for a
#                broker that shares a busy machine and disk with the aggregator and PostgreSQL
# Environment: GENERATOR_JAR  another bench jar to run as the generator (e.g. a build of main, to compare)
# Builds nothing: mvn -pl bench -am package (or install) first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
use_jdk || { echo "jms-check.sh: a JDK 21 or newer is needed" >&2; exit 1; }
ARTEMIS_VERSION="2.40.0"
ARTEMIS_HOME="$ROOT/.run/apache-artemis-$ARTEMIS_VERSION"
BROKER_DIR="$ROOT/.run/broker-check"
PORT=61716
BENCH_JAR="$(ls "$ROOT"/bench/target/bench-*-exec.jar)"
GENERATOR_JAR="${GENERATOR_JAR:-$BENCH_JAR}"
EVENTS=7
STORE_DELAY_MS=""
RATE=500
DURATION=20
PASS=()
while (($#)); do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --store-delay-ms) STORE_DELAY_MS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) PASS+=("$1"); shift ;;
  esac
done

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "jms-check.sh: port $PORT is in use (an earlier check still running?)" >&2
  exit 1
fi
mkdir -p "$ROOT/.run" /tmp/jms-check
if [[ ! -x "$ARTEMIS_HOME/bin/artemis" ]]; then
  echo "jms-check.sh: fetching ActiveMQ Artemis $ARTEMIS_VERSION with Maven (as run.sh does) ..."
  (cd "$ROOT/.run" && mvn -B -q dependency:copy "-Dartifact=org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin" \
    "-DoutputDirectory=$ROOT/.run")
  tar -xzf "$ROOT/.run/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz" -C "$ROOT/.run"
  rm -f "$ROOT/.run/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz"
fi
if [[ ! -f "$BROKER_DIR/.prepared" ]]; then
  rm -rf "$BROKER_DIR"
  # run.sh's instance, 100 ports up
  "$ARTEMIS_HOME/bin/artemis" create --silent --user osago --password osago --require-login --no-web \
    --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
    --host 127.0.0.1 --name osago-check --port-offset 100 \
    --queues rq.queue:anycast,rs.queue:anycast,rq.dlq:anycast,rs.dlq:anycast \
    --addresses osago.events.live:multicast "$BROKER_DIR" > /tmp/jms-check/broker-create.log 2>&1
  # the timeout artemis create measured for this disk, restored when no --store-delay-ms is given
  sed -n 's:.*<journal-buffer-timeout>\([0-9]*\)</journal-buffer-timeout>.*:\1:p' "$BROKER_DIR/etc/broker.xml" \
    > "$BROKER_DIR/.journal-buffer-timeout"
  touch "$BROKER_DIR/.prepared"
fi
BUFFER_TIMEOUT_NS="$(cat "$BROKER_DIR/.journal-buffer-timeout")"
[[ -z "$STORE_DELAY_MS" ]] || BUFFER_TIMEOUT_NS=$((STORE_DELAY_MS * 1000000))
sed -i "s:<journal-buffer-timeout>[0-9]*</journal-buffer-timeout>:<journal-buffer-timeout>$BUFFER_TIMEOUT_NS</journal-buffer-timeout>:" \
  "$BROKER_DIR/etc/broker.xml"
cp "$ROOT/artemis/broker.properties" "$BROKER_DIR/etc/broker.properties"
# an empty journal: nothing left from an earlier check is delivered in this one
rm -rf "$BROKER_DIR/data"

PIDS=()
stop_all() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
}
trap stop_all EXIT
"$BROKER_DIR/bin/artemis" run > /tmp/jms-check/broker.log 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.5
done
URL="tcp://127.0.0.1:$PORT"
java -jar "$BENCH_JAR" jms-echo --broker-url "$URL" --events "$EVENTS" --seconds $((DURATION + 60)) \
  > /tmp/jms-check/echo.log 2>&1 &
PIDS+=("$!")
echo "jms-check.sh: broker on $PORT (journal-buffer-timeout $BUFFER_TIMEOUT_NS ns) and jms-echo ($EVENTS events a request) up; load $(cut -d' ' -f1-3 /proc/loadavg), nproc $(nproc)"
java -Xmx2g -jar "$GENERATOR_JAR" --repo "$ROOT" --artemis-home "$ARTEMIS_HOME" --broker-url "$URL" --mode jms \
  --rate "$RATE" --duration "$DURATION" --deadline 10 --grace 5 --out /tmp/jms-check --label jms-check \
  ${PASS[@]+"${PASS[@]}"} > /tmp/jms-check/generator.log 2>&1 || { tail -20 /tmp/jms-check/generator.log >&2; exit 1; }
grep -E '^ +[0-9]+s sent|^bench: (sent|wrote)' /tmp/jms-check/generator.log
