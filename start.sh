#!/usr/bin/env bash
# Starts Taskrail on this machine: builds what is missing or stale, starts an embedded Redis unless REDIS_URL names
# one, then every service built so far, each as its own clustered JVM. Ctrl-C stops them all.
#
#   REDIS_URL      use this Redis instead of the embedded one
#   REDIS_PORT     port of the embedded Redis (default 6379); its data is kept in .taskrail/redis (AOF on)
#   HTTP_PORT      producer API port (default 8080)
#   API_TOKEN, CLUSTER_HOST, CLUSTER_MEMBERS, CLUSTER_NAME: passed to every service (see README)
set -euo pipefail
cd "$(dirname "$0")"

jar=producer-verticle/target/producer.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml cluster.xml ./*/pom.xml ./*/src -newer "$jar" -type f -print -quit)" ]; then
  echo "Building (mvn package -DskipTests)..."
  mvn -q -B package -DskipTests
fi

mkdir -p .taskrail/logs
pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping..."
  # Services first (they shut down gracefully on SIGTERM), Redis last.
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; wait "${pids[$i]}" 2>/dev/null || true; done
}
trap stop INT TERM EXIT

wait_for() { # wait_for <what> <seconds> <command...>
  local what=$1 seconds=$2; shift 2
  for ((n=0; n<seconds*10; n++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$what did not come up within ${seconds}s; see .taskrail/logs/" >&2; exit 1
}

if [ -z "${REDIS_URL:-}" ]; then
  export REDIS_PORT="${REDIS_PORT:-6379}"
  java -cp "$jar" io.taskrail.redis.EmbeddedRedisMain > .taskrail/logs/redis.log 2>&1 &
  pids+=($!)
  export REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
  wait_for "Redis" 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/${REDIS_PORT}"
fi

export HTTP_PORT="${HTTP_PORT:-8080}"
java -jar "$jar" > .taskrail/logs/producer.log 2>&1 &
pids+=($!)
wait_for "The producer" 90 bash -c "exec 3<>/dev/tcp/127.0.0.1/${HTTP_PORT}"

cat <<MSG
Taskrail is running (logs in .taskrail/logs/).
  Redis          ${REDIS_URL}
  API            http://127.0.0.1:${HTTP_PORT}   (try: curl -XPOST localhost:${HTTP_PORT}/tasks -d '{"type":"echo","payload":{}}')
  API document   http://127.0.0.1:${HTTP_PORT}/openapi.yaml
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "A service exited; see .taskrail/logs/." >&2
