#!/usr/bin/env bash
# Starts Taskrail on this machine: builds what is missing or stale, starts an embedded Redis unless REDIS_URL names
# one, then every service built so far, each as its own clustered JVM. Ctrl-C stops them all.
#
#   REDIS_URL      use this Redis instead of the embedded one
#   REDIS_PORT     port of the embedded Redis (default 6379); its data is kept in .taskrail/redis (AOF on)
#   HTTP_PORT      producer API port (default 8080)
#   MONITOR_PORT   dashboard and metrics port (default 8081)
#   WORKERS        how many worker JVMs to start (default 2)
#   WORKER_JAVA_OPTS  JVM options for the workers alone, e.g. -XX:TieredStopAtLevel=1 (see README)
#   API_TOKEN, WORKER_CONCURRENCY, WORKER_QUEUES, CLUSTER_*, ...: passed to every service (see README)
set -euo pipefail
cd "$(dirname "$0")"

jar=producer-verticle/target/producer.jar
worker_jar=worker-verticle/target/worker.jar
monitor_jar=monitor-verticle/target/monitor.jar
stale() { [ ! -f "$1" ] || [ -n "$(find pom.xml cluster.xml ./*/pom.xml ./*/src -newer "$1" -type f -print -quit)" ]; }
if stale "$jar" || stale "$worker_jar" || stale "$monitor_jar"; then
  echo "Building (mvn package -DskipTests)..."
  mvn -q -B package -DskipTests
fi

mkdir -p .taskrail/logs
# With job control on, each child runs in a process group of its own, so Ctrl-C reaches only this script, which
# then stops them in order: the services together (each shuts down gracefully on SIGTERM: workers finish or release
# their tasks), Redis last.
set -m
services=()
redis_pid=""
stop() {
  trap - INT TERM EXIT
  echo "Stopping..."
  for pid in "${services[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${services[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
}
trap stop INT TERM EXIT

# GET a path from a local port with bash alone (a fresh machine may have no curl); prints the response.
http_get() ( # http_get <port> <path>; a subshell, so a refused connection cannot end the script
  exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
  auth=""
  [ -n "${API_TOKEN:-}" ] && auth="Authorization: Bearer ${API_TOKEN}"$'\r\n'
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n%s\r\n' "$2" "$auth" >&3
  cat <&3
)
workers_up() { [ "$(http_get "$HTTP_PORT" /workers | grep -o '"host"' | wc -l)" -ge "${WORKERS:-2}" ]; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # wait_for <what> <seconds> <pid> <command...>: until the command succeeds, while the process lives
  local what=$1 seconds=$2 pid=$3; shift 3
  for ((n=0; n<seconds*10; n++)); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$what exited at start; see .taskrail/logs/" >&2; exit 1; }
    sleep 0.1
  done
  echo "$what did not come up within ${seconds}s; see .taskrail/logs/" >&2; exit 1
}

ports=("${HTTP_PORT:-8080}" "${MONITOR_PORT:-8081}")
[ -z "${REDIS_URL:-}" ] && ports+=("${REDIS_PORT:-6379}")
for port in "${ports[@]}"; do
  if port_open "$port"; then
    echo "Port $port is already in use. Stop what holds it, or choose other ports (REDIS_PORT, HTTP_PORT," \
         "MONITOR_PORT; REDIS_URL to use a Redis that is already running)." >&2
    exit 1
  fi
done

if [ -z "${REDIS_URL:-}" ]; then
  export REDIS_PORT="${REDIS_PORT:-6379}"
  java -cp "$jar" io.taskrail.redis.EmbeddedRedisMain > .taskrail/logs/redis.log 2>&1 &
  redis_pid=$!
  export REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
  wait_for "Redis" 20 "$redis_pid" port_open "$REDIS_PORT"
fi

export HTTP_PORT="${HTTP_PORT:-8080}"
java -jar "$jar" > .taskrail/logs/producer.log 2>&1 &
producer_pid=$!
HTTP_PORT="${MONITOR_PORT:-8081}" java -jar "$monitor_jar" > .taskrail/logs/monitor.log 2>&1 &
monitor_pid=$!
services=("$producer_pid" "$monitor_pid")
read -r -a worker_java_opts <<< "${WORKER_JAVA_OPTS:-}"
for ((w=1; w<=${WORKERS:-2}; w++)); do
  java ${worker_java_opts[@]+"${worker_java_opts[@]}"} -jar "$worker_jar" > ".taskrail/logs/worker-$w.log" 2>&1 &
  services+=($!)
done
wait_for "The producer" 90 "$producer_pid" port_open "$HTTP_PORT"
wait_for "The monitor" 90 "$monitor_pid" port_open "${MONITOR_PORT:-8081}"
wait_for "The workers" 90 "$producer_pid" workers_up

cat <<MSG
Taskrail is running (logs in .taskrail/logs/).
  Redis          ${REDIS_URL}
  API            http://127.0.0.1:${HTTP_PORT}   (try: curl -XPOST localhost:${HTTP_PORT}/tasks -d '{"type":"echo","payload":{}}')
  Dashboard      http://127.0.0.1:${MONITOR_PORT:-8081}/${API_TOKEN:+?token=...}
  Metrics        http://127.0.0.1:${MONITOR_PORT:-8081}/metrics
  Workers        ${WORKERS:-2} (GET /workers)
  API document   http://127.0.0.1:${HTTP_PORT}/openapi.yaml
Press Ctrl-C to stop.
MSG
# Until Ctrl-C, or until one of them exits by itself (portable: no wait -n, which macOS's bash 3.2 lacks).
while true; do
  for pid in "${services[@]}" $redis_pid; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A process (pid $pid) exited; see .taskrail/logs/. Stopping the rest." >&2
      exit 1
    fi
  done
  sleep 1
done
