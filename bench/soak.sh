#!/usr/bin/env bash
# The soak: bench.sh's load for a long time at 70 % of the highest rate held (150/s in jms mode, so 105/s)
# with moderate insurer faults on every insurer (bench/soak-faults.yml through the stubs' fault switch:
# 429s, hangs, resets, 500s, malformed JSON), then the same counts as bench/faults.sh: requests accepted,
# completed, lost, duplicated events, COMPLETED later than 61 s and the latest.
#
# Usage: bench/soak.sh [--rate N] [--duration S] [--faults FILE] [other bench.sh options, e.g. --no-build]
#   --rate N      requests per second (default 105)     --duration S   seconds of load (default 1800)
#   --faults F    fault rates for the stubs (default bench/soak-faults.yml)
#   The mode is bench.sh's jms (requests onto rq.queue, as the 150/s was measured) unless --mode is given.
# Results: bench.sh's bench/results/<time>-jms-<rate>.json and .png, and bench/results/soak-<time>.json
# with the counts. Stops by itself, as bench.sh does.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RATE=105
DURATION=1800
FAULTS="$ROOT/bench/soak-faults.yml"
PASS=()
while (($#)); do
  case "$1" in
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --faults) FAULTS="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d'; exit 0 ;;
    *) PASS+=("$1"); shift ;;
  esac
done
command -v jq >/dev/null || { echo "soak.sh: jq is needed" >&2; exit 1; }
[[ -f "$FAULTS" ]] || { echo "soak.sh: no fault file $FAULTS" >&2; exit 1; }

STAMP="$(date -u +%Y%m%d-%H%M%S)"
LOG="$ROOT/.run/logs/soak-$STAMP.log"
mkdir -p "$ROOT/.run/logs" "$ROOT/bench/results"
echo "soak.sh: ${DURATION}s at $RATE/s with the insurer faults of ${FAULTS#"$ROOT"/}; load average $(cut -d' ' -f1-3 /proc/loadavg), nproc $(nproc)"
STUBS_ARGS="--faults-file $FAULTS" "$ROOT/bench.sh" --mode jms --rate "$RATE" --duration "$DURATION" --prewarm 30 \
  --label "soak, insurer faults" ${PASS[@]+"${PASS[@]}"} 2>&1 | tee "$LOG"

JSON="$(sed -n 's/^bench: wrote \(.*\.json\)$/\1/p' "$LOG" | tail -n 1)"
[[ -n "$JSON" ]] || { echo "soak.sh: the generator wrote no results (see $LOG)" >&2; exit 1; }
RESULT="$ROOT/bench/results/soak-$STAMP.json"
jq --arg faults "$(grep -v '^#' "$FAULTS" | tr -s ' \n' ' ')" --arg file "${JSON#"$ROOT"/}" '.load as $l | {
    results: $file, faults: $faults, mode: $l.mode, rate: $l.targetRate, achievedRate: $l.achievedRate,
    seconds: $l.durationSeconds, machine: .machine, loadAverageBefore: $l.loadAverageBefore,
    loadAverageAfter: $l.loadAverageAfter, sent: $l.requestsSent, accepted: $l.accepted, completed: $l.completed,
    rejected: $l.rejected, lost: $l.losses.lost, duplicateEvents: $l.duplicateEvents,
    completedAfter61s: $l.losses.completedAfter61s, completedMaxMs: $l.latencyMs.completed.max,
    completedP99Ms: $l.latencyMs.completed.p99, lostRequestIds: $l.lostRequestIds, errors: $l.errors }' "$JSON" > "$RESULT"
echo "soak.sh: wrote ${RESULT#"$ROOT"/}"
jq -c '{rate, achievedRate, sent, accepted, completed, lost, duplicateEvents, completedAfter61s, completedMaxMs, loadAverageAfter}' "$RESULT"
jq -e '.lost == 0 and .duplicateEvents == 0' "$RESULT" >/dev/null
