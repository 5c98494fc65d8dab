#!/usr/bin/env bash
# Builds and runs the whole OSAGO system on this machine: an ActiveMQ Artemis broker, the simulated
# insurers (stubs), osago-aggregator (routes) and core-app. Ctrl-C stops everything it started.
#
# Usage: ./run.sh [--no-build]
# Needs: a JDK 21+ (found by itself: scripts/find-jdk.sh), Maven, curl, and PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
# Environment: START_TIMEOUT  seconds each service may take to become ready (default 120)
#              JAVA_OPTS      extra JVM options for stubs, aggregator and core-app (e.g. -Xmx512m)
#              AGGREGATOR_JAVA_OPTS  extra JVM options for the aggregator only (e.g. a JFR recording)
#              AGGREGATOR_ARGS, CORE_APP_ARGS  extra --key=value arguments for that app
#              AGGREGATOR_JAR  another aggregator jar to run (e.g. a build before a change, to compare)
#              AGGREGATOR_INSTANCES  1 (default) or 2: a second aggregator on port 8082, same DB and broker
#              SKIP_CORE_APP  yes: start everything but core-app (bench.sh --mode jms consumes rs.queue itself)
# Each started process's pid is written to .run/pids/<name>.pid while it runs (bench.sh reads them).
# Logs: .run/logs/*.log. The broker is prepared once under .run/ (git-ignored) and reused.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
RUN_DIR="$ROOT/.run"
LOG_DIR="$RUN_DIR/logs"
VERSION="0.1.0-SNAPSHOT"
ARTEMIS_VERSION="2.40.0"
ARTEMIS_HOME="$RUN_DIR/apache-artemis-$ARTEMIS_VERSION"
BROKER_DIR="$RUN_DIR/broker"
START_TIMEOUT="${START_TIMEOUT:-120}"
read -r -a APP_JVM_OPTS <<< "${JAVA_OPTS:-}"
read -r -a AGGREGATOR_JVM_OPTS <<< "${AGGREGATOR_JAVA_OPTS:-}"
read -r -a AGGREGATOR_EXTRA_ARGS <<< "${AGGREGATOR_ARGS:-}"
read -r -a CORE_APP_EXTRA_ARGS <<< "${CORE_APP_ARGS:-}"
AGGREGATOR_INSTANCES="${AGGREGATOR_INSTANCES:-1}"
SKIP_CORE_APP="${SKIP_CORE_APP:-no}"
PID_DIR="$RUN_DIR/pids"

STUBS_JAR="$ROOT/stubs/target/stubs-$VERSION-exec.jar"
AGGREGATOR_JAR="${AGGREGATOR_JAR:-$ROOT/routes/target/routes-$VERSION-exec.jar}"
CORE_APP_JAR="$ROOT/core-app/target/core-app-$VERSION-exec.jar"
# Fixed by the apps' configuration: broker, client-info + 5 insurers, aggregator, core-app.
BROKER_PORT=61616
STUB_PORTS=(9100 9101 9102 9103 9104 9105)
AGGREGATOR_PORT=8081
AGGREGATOR2_PORT=8082
CORE_APP_PORT=8080

# What this script started, in start order (indexed arrays: macOS still ships bash 3.2).
NAMES=()
PIDS=()

# One way to give up, so every error reads the same and the EXIT trap still stops what runs.
die() {
  echo "run.sh: $*" >&2
  exit 1
}

# The apps are built for Java 21: pick a JDK of 21 or newer by ourselves (scripts/find-jdk.sh).
check_java() {
  use_jdk || die "a JDK 21 or newer is needed"
  echo "Using Java at $JAVA_HOME"
}

# Both apps need the database at start-up (Flyway); fail now with a hint instead of a stack trace later.
check_postgres() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h 127.0.0.1 -p 5432 -t 5 && return 0
  elif (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    return 0
  fi
  die "PostgreSQL does not answer on 127.0.0.1:5432. Start it (user postgres, trust authentication), e.g.
     sudo pg_ctlcluster <version> main start      or
     docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16"
}

# Everything else the script itself calls.
check_tools() {
  command -v curl >/dev/null || die "curl not found (used to wait for the health endpoints)"
  if [[ "$BUILD" == "yes" ]] || [[ ! -x "$ARTEMIS_HOME/bin/artemis" ]]; then
    command -v mvn >/dev/null || die "mvn not found: install Apache Maven 3.8+"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A leftover run (or another program) on one of our ports would make a new process die with "address in use".
check_ports_free() {
  local port
  local ports=("$BROKER_PORT" "${STUB_PORTS[@]}" "$AGGREGATOR_PORT")
  [[ "$AGGREGATOR_INSTANCES" == "2" ]] && ports+=("$AGGREGATOR2_PORT")
  [[ "$SKIP_CORE_APP" == "yes" ]] || ports+=("$CORE_APP_PORT")
  for port in "${ports[@]}"; do
    ! port_open "$port" || die "port $port is already in use (an earlier ./run.sh still running?)"
  done
}

# The three runnable jars come from the normal Maven build; --no-build reuses what target/ holds.
build() {
  if [[ "$BUILD" == "yes" ]]; then
    echo "Building (mvn -B -q -DskipTests package) ..."
    (cd "$ROOT" && mvn -B -q -DskipTests package)
  fi
  local jar
  for jar in "$STUBS_JAR" "$AGGREGATOR_JAR" "$CORE_APP_JAR"; do
    [[ -f "$jar" ]] || die "missing $jar: run without --no-build"
  done
}

# The broker distribution comes from Maven Central (via ~/.m2) and a broker instance is created once;
# the marker file means a half-created instance (interrupted run) is created again, not reused.
prepare_broker() {
  if [[ ! -f "$BROKER_DIR/.prepared" ]]; then
    if [[ ! -x "$ARTEMIS_HOME/bin/artemis" ]]; then
      echo "Fetching ActiveMQ Artemis $ARTEMIS_VERSION with Maven ..."
      # run outside the project, so Maven does not run the goal in every module
      (cd "$RUN_DIR" && mvn -B -q dependency:copy \
        "-Dartifact=org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin" \
        "-DoutputDirectory=$RUN_DIR")
      tar -xzf "$RUN_DIR/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz" -C "$RUN_DIR"
      rm -f "$RUN_DIR/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz"
    fi
    echo "Creating the broker instance in ${BROKER_DIR#"$ROOT"/} ..."
    rm -rf "$BROKER_DIR"
    # Only the core acceptor on 61616 (it speaks every protocol); the AMQP/MQTT/STOMP default ports are
    # often taken by other brokers. Queues and the live-events topic are declared, not left to auto-create.
    "$ARTEMIS_HOME/bin/artemis" create --silent --user osago --password osago --require-login --no-web \
      --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
      --host 127.0.0.1 --name osago-local \
      --queues rq.queue:anycast,rs.queue:anycast,rq.dlq:anycast,rs.dlq:anycast \
      --addresses osago.events.live:multicast \
      "$BROKER_DIR" > "$LOG_DIR/broker-create.log" 2>&1 \
      || { tail -n 20 "$LOG_DIR/broker-create.log" >&2; die "artemis create failed"; }
    touch "$BROKER_DIR/.prepared"
  fi
  # Address settings (redelivery, dead letters) live in the repository; copied each run so edits apply.
  cp "$ROOT/artemis/broker.properties" "$BROKER_DIR/etc/broker.properties"
}

# Starts one process in the background from the repository root (the aggregator reads
# route-config-yaml/ relative to it) and remembers it so it is stopped on exit. Job control is on just
# for the fork, which puts the process in its own process group: a Ctrl-C in the terminal then reaches
# only this script, which stops everything in order, instead of the broker dying together with the apps.
start_process() {
  local name="$1"
  shift
  set -m
  (cd "$ROOT" && exec "$@") > "$LOG_DIR/$name.log" 2>&1 &
  set +m
  NAMES+=("$name")
  PIDS+=("$!")
  echo "$!" > "$PID_DIR/$name.pid"
  echo "Started $name (pid $!), log: .run/logs/$name.log"
}

# Starts one of our Spring Boot / stubs jars with the optional JAVA_OPTS (empty-array safe for bash 3.2).
start_jar() {
  local name="$1"
  shift
  start_process "$name" java ${APP_JVM_OPTS[@]+"${APP_JVM_OPTS[@]}"} -jar "$@"
}

# An aggregator instance: JAVA_OPTS, then AGGREGATOR_JAVA_OPTS, then AGGREGATOR_ARGS after the jar.
start_aggregator() {
  local name="$1" port="$2"
  start_process "$name" java ${APP_JVM_OPTS[@]+"${APP_JVM_OPTS[@]}"} ${AGGREGATOR_JVM_OPTS[@]+"${AGGREGATOR_JVM_OPTS[@]}"} \
    -jar "$AGGREGATOR_JAR" "--osago.config-dir=$ROOT/route-config-yaml" "--server.port=$port" \
    ${AGGREGATOR_EXTRA_ARGS[@]+"${AGGREGATOR_EXTRA_ARGS[@]}"}
}

# Called when a process fails to come up: show why, then exit (the EXIT trap stops the others).
startup_failed() {
  local name="$1" reason="$2"
  echo "run.sh: $name $reason. Last lines of .run/logs/$name.log:" >&2
  tail -n 40 "$LOG_DIR/$name.log" >&2 || true
  exit 1
}

# Polls a readiness check once a second, bounded by START_TIMEOUT, noticing at once if the process died.
wait_ready() {
  local name="$1" pid="$2"
  shift 2
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || startup_failed "$name" "exited during start-up"
    ((SECONDS < deadline)) || startup_failed "$name" "was not ready after ${START_TIMEOUT}s"
    sleep 1
  done
  echo "  $name is ready"
}

# Readiness of a Spring Boot app: its actuator health answers 200 (UP).
http_ok() {
  curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null
}

# Readiness of the stubs: every simulated insurer and client-info listens.
stub_ports_open() {
  local port
  for port in "${STUB_PORTS[@]}"; do
    port_open "$port" || return 1
  done
}

# PID of a started process by name.
pid_of() {
  local i
  for i in "${!NAMES[@]}"; do
    [[ "${NAMES[i]}" == "$1" ]] && { echo "${PIDS[i]}"; return 0; }
  done
  return 1
}

# SIGTERM and wait (Spring Boot and Artemis shut down gracefully on it); SIGKILL only if it hangs.
stop_process() {
  local name="$1" pid="$2" waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  echo "Stopping $name (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < 30)); do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  $name did not stop in 30s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  # only our own: a run started while this one was stopping may have written its pid there already
  [[ "$(cat "$PID_DIR/$name.pid" 2>/dev/null)" != "$pid" ]] || rm -f "$PID_DIR/$name.pid"
}

# EXIT trap: stops everything in reverse start order (core-app, aggregator, stubs, broker last),
# so the apps can still close their broker connections cleanly. A second Ctrl-C does not cut it short.
stop_all() {
  trap '' INT TERM
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    stop_process "${NAMES[i]}" "${PIDS[i]}"
  done
  ((${#PIDS[@]} == 0)) || echo "All stopped."
}

# Keeps the script in the foreground while the system runs; if a process dies, shows why and stops the rest.
monitor() {
  local i
  while true; do
    for i in "${!PIDS[@]}"; do
      if ! kill -0 "${PIDS[i]}" 2>/dev/null; then
        echo "run.sh: ${NAMES[i]} stopped unexpectedly. Last lines of .run/logs/${NAMES[i]}.log:" >&2
        tail -n 40 "$LOG_DIR/${NAMES[i]}.log" >&2 || true
        exit 1
      fi
    done
    sleep 2
  done
}

main() {
  BUILD="yes"
  case "${1:-}" in
    --no-build) BUILD="no" ;;
    "") ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (usage: ./run.sh [--no-build])" ;;
  esac

  check_java
  check_tools
  check_postgres
  check_ports_free
  mkdir -p "$LOG_DIR" "$PID_DIR"
  build
  prepare_broker

  # Ctrl-C / SIGTERM is the normal way to stop: exit 0 after the EXIT trap has stopped everything.
  trap stop_all EXIT
  trap 'exit 0' INT TERM

  start_process broker "$BROKER_DIR/bin/artemis" run
  wait_ready broker "$(pid_of broker)" port_open "$BROKER_PORT"

  start_jar stubs "$STUBS_JAR"
  start_aggregator aggregator "$AGGREGATOR_PORT"
  [[ "$AGGREGATOR_INSTANCES" == "2" ]] && start_aggregator aggregator2 "$AGGREGATOR2_PORT"
  [[ "$SKIP_CORE_APP" == "yes" ]] || start_jar core-app "$CORE_APP_JAR" ${CORE_APP_EXTRA_ARGS[@]+"${CORE_APP_EXTRA_ARGS[@]}"}
  wait_ready stubs "$(pid_of stubs)" stub_ports_open
  wait_ready aggregator "$(pid_of aggregator)" http_ok "http://127.0.0.1:$AGGREGATOR_PORT/actuator/health"
  if [[ "$AGGREGATOR_INSTANCES" == "2" ]]; then
    wait_ready aggregator2 "$(pid_of aggregator2)" http_ok "http://127.0.0.1:$AGGREGATOR2_PORT/actuator/health"
  fi
  if [[ "$SKIP_CORE_APP" != "yes" ]]; then
    wait_ready core-app "$(pid_of core-app)" http_ok "http://127.0.0.1:$CORE_APP_PORT/actuator/health"
  fi

  cat <<EOF

The OSAGO system is running. Open http://localhost:$CORE_APP_PORT/
  aggregator status API: http://localhost:$AGGREGATOR_PORT/osago/requests/{id}
  logs: $LOG_DIR/{broker,stubs,aggregator,core-app}.log
Press Ctrl-C to stop everything.
EOF
  monitor
}

# Sourcing the file (to test single functions) defines them without running anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
