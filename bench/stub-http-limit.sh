#!/usr/bin/env bash
# Measures one stub's HTTP limit with the stubs in a process of their own: starts a stubs jar with
# bench/stub-http-limit.yml (one standard stub on port 9199, no delay, no fault), runs the generator's
# stub-http measurement against it (POST then GET, after a warm-up), prints calls/s and the stub's and
# the client's CPU per call (from /proc), and stops the stub again.
#
# Usage: bench/stub-http-limit.sh [--stubs-jar path] [--client netty|blocking] [--connections N]
#                                  [--warmup S] [--seconds S]
# Builds nothing: mvn -pl stubs,bench -am install (or package) first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
use_jdk || { echo "stub-http-limit.sh: a JDK 21 or newer is needed" >&2; exit 1; }
# shellcheck source=start-listening.sh
source "$ROOT/bench/start-listening.sh"
STUBS_JAR="$(ls "$ROOT"/stubs/target/stubs-*-exec.jar)"
BENCH_JAR="$(ls "$ROOT"/bench/target/bench-*-exec.jar)"
PASS=()
while (($#)); do
  case "$1" in
    --stubs-jar) STUBS_JAR="$2"; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) PASS+=("$1"); shift ;;
  esac
done

start_listening stub-http-limit.sh 9199 java -jar "$STUBS_JAR" --config "$ROOT/bench/stub-http-limit.yml"
STUB_PID="$SERVER_PID"
echo "stub-http-limit.sh: stubs $(basename "$STUBS_JAR") pid $STUB_PID on 9199; load $(cut -d' ' -f1-3 /proc/loadavg), nproc $(nproc)"
java -jar "$BENCH_JAR" stub-http --url http://127.0.0.1:9199 --pid "$STUB_PID" ${PASS[@]+"${PASS[@]}"}
