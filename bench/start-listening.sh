# Sourced by bench/stub-http-limit.sh and bench/broker-batch-probe.sh: starts the one server a measurement needs,
# in the background and logged to a temporary file, waits until it listens, and stops it when the script exits.

# start_listening <script name> <port> <command…>: fails if the port is taken, or if the server dies or does
# not listen within 30 s (its log printed). Sets SERVER_PID.
start_listening() {
  local name="$1" port="$2"
  shift 2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "$name: port $port is in use" >&2
    return 1
  fi
  SERVER_LOG="$(mktemp -t "$name.XXXXXX.log")"
  "$@" > "$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  trap 'kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -f "$SERVER_LOG"' EXIT
  local _
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; return 1; }
    sleep 0.2
  done
  echo "$name: nothing listens on port $port after 30 s" >&2
  return 1
}
