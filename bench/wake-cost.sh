#!/usr/bin/env bash
# Measures whether this machine charges more CPU for the same work when it comes less often: two fixed tasks (a loop
# of multiplications, and a quote request read and written as JSON) handed to a waiting thread 10,000, 1,000 and
# 100 times a second, then 10,000 again (bench/.../WakeCost.java). Prints each task's CPU at each rate and against
# the fastest. Run it on a quiet machine, like stub-http-limit.sh.
#
# Usage: bench/wake-cost.sh [--rates r1,r2,...] [--work loop,json] [--seconds S] [--warmup S]
# Builds nothing: mvn -pl bench -am install (or package) first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
use_jdk || { echo "wake-cost.sh: a JDK 21 or newer is needed" >&2; exit 1; }
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { sed -n '2,8p' "$0"; exit 0; }
BENCH_JAR="$(ls "$ROOT"/bench/target/bench-*-exec.jar)"
echo "wake-cost.sh: load $(cut -d' ' -f1-3 /proc/loadavg), nproc $(nproc)"
java -jar "$BENCH_JAR" wake-cost "$@"
