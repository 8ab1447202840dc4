#!/usr/bin/env bash
# Starts Taskrail on this machine: builds what is missing, starts an embedded Redis unless REDIS_URL names one,
# then every service built so far. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f common/target/classpath.txt ] || [ -n "$(find common/src pom.xml common/pom.xml -newer common/target/classpath.txt -print -quit)" ]; then
  echo "Building (mvn install -DskipTests)..."
  mvn -q -B install -DskipTests
  mvn -q -B -pl common dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
common_cp="common/target/classes:$(cat common/target/classpath.txt)"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

if [ -z "${REDIS_URL:-}" ]; then
  export REDIS_PORT="${REDIS_PORT:-6379}"
  java -cp "$common_cp" io.taskrail.redis.EmbeddedRedisMain &
  pids+=($!)
  export REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
fi

echo "Taskrail is running. Redis: ${REDIS_URL}. Press Ctrl-C to stop."
wait -n "${pids[@]}"
