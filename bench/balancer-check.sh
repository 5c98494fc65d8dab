#!/usr/bin/env bash
# Browsers through the load balancer while instances restart: with `./run.sh --instances 2` running
# (two core-app and two aggregator instances behind nginx), submits quotes through nginx, follows each
# as the page does (half over WebSocket, half over SSE, reconnecting when a connection drops), restarts
# one core-app and one aggregator instance mid-quote (./run.sh --restart), and checks that every client
# got every event of its quote. Exit code 0 when it did. Not a load test: a handful of quotes.
#
# Usage: bench/balancer-check.sh [--no-build] [quotes (default 8)] [processes to restart (default core-app,aggregator)]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
use_jdk || exit 1

BUILD=yes
if [[ "${1:-}" == "--no-build" ]]; then
  BUILD=no
  shift
fi
QUOTES="${1:-8}"
# a restart on a busy 2-core machine may take minutes (./run.sh --restart waits START_TIMEOUT + 40 s)
export START_TIMEOUT="${START_TIMEOUT:-300}"
RESTART="${2:-core-app,aggregator}"

for name in nginx core-app core-app2 aggregator aggregator2; do
  [[ -f "$ROOT/.run/pids/$name.pid" ]] && kill -0 "$(cat "$ROOT/.run/pids/$name.pid")" 2>/dev/null \
    || { echo "balancer-check: $name is not running: start ./run.sh --instances 2 first" >&2; exit 1; }
done

if [[ "$BUILD" == "yes" || ! -f "$ROOT/bench/target/classpath.txt" ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
fi
cd "$ROOT"
exec java -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" ru.osago.bench.BalancerCheck \
  http://127.0.0.1:8080 "$QUOTES" "$RESTART"
