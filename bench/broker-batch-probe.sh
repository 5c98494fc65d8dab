#!/usr/bin/env bash
# Measures the broker's CPU per event with events one to a message (as on rs.queue) and several to a message:
# starts the broker instance that ./run.sh created (.run/broker) alone, runs the generator's broker-batch
# probe against it (persistent events sent in one transaction per 20 ms tick, read in transactions of up to
# 100 messages), prints the broker's CPU per event and per message for each batch size (also written to
# bench/results/<time>-broker-batch.json), and stops the broker.
#
# Usage: bench/broker-batch-probe.sh [--events-per-second N] [--per-message 1,8,32] [--warmup S] [--seconds S]
# Builds nothing, and needs ./run.sh to have run once (it creates the broker); nothing else may use port 61616
# (stop ./run.sh first).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
use_jdk || { echo "broker-batch-probe.sh: a JDK 21 or newer is needed" >&2; exit 1; }
# shellcheck source=start-listening.sh
source "$ROOT/bench/start-listening.sh"
case "${1:-}" in -h | --help) sed -n '2,10p' "$0"; exit 0 ;; esac
BENCH_JAR="$(ls "$ROOT"/bench/target/bench-*-exec.jar)"
BROKER="$ROOT/.run/broker/bin/artemis"
[[ -x "$BROKER" ]] || { echo "broker-batch-probe.sh: no broker in .run/broker: run ./run.sh once" >&2; exit 1; }
cp "$ROOT/artemis/broker.properties" "$ROOT/.run/broker/etc/broker.properties"
start_listening broker-batch-probe.sh 61616 "$BROKER" run
BROKER_PID="$SERVER_PID"
echo "broker-batch-probe.sh: broker pid $BROKER_PID on 61616; load $(cut -d' ' -f1-3 /proc/loadavg), nproc $(nproc)"
OUT="$ROOT/bench/results/$(date -u +%Y%m%d-%H%M%S)-broker-batch.json"
mkdir -p "$ROOT/bench/results"
java -jar "$BENCH_JAR" broker-batch --pid "$BROKER_PID" "$@" | tee "$OUT"
echo "broker-batch-probe.sh: results in ${OUT#"$ROOT"/}"
