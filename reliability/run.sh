#!/usr/bin/env bash
# Taskrail's reliability scenarios against the real fat jars and a real redis-server on loopback.
#
#   reliability/run.sh                      # every scenario, short mode (what mvn verify and CI run)
#   reliability/run.sh RedisCrashIT         # one scenario: RedisCrashIT, WorkerChaosIT, MemberLossIT,
#                                           #   PartitionIT, FuzzIT, SoakIT (comma-separate several)
#   reliability/run.sh SoakIT full=true     # the long version (SoakIT: 10 minutes;
#                                           #   WorkerChaosIT: a minute, 20,000 tasks)
#
# Needs a JDK 17+ and Maven, like the rest; PartitionIT also needs root (network namespaces) and skips without.
# Each scenario prints a markdown table and writes it to reliability/target/reliability/<scenario>.md; this script
# gathers them into reliability/target/reliability/RESULTS.md, the source of docs/RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")/.."

scenarios="*IT"; full=false
for arg in "$@"; do
  case "$arg" in
    full=true) full=true ;;
    full=false) full=false ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) scenarios="$arg" ;;
  esac
done

echo "Building the services (tests skipped)..." >&2
mvn -q -B install -DskipTests
rm -f reliability/target/reliability/*.md
set +e
mvn -B -pl reliability verify -Dit.test="$scenarios" -Dfull="$full"
status=$?
set -e
results=reliability/target/reliability/RESULTS.md
mode=short; [ "$full" = true ] && mode=full
memory=$(free -g | awk '/Mem:/ {print $2}')
{
  echo "## $(date -u +%Y-%m-%d) on $(nproc) cores, $memory GiB ($mode mode)"
  echo
  cat reliability/target/reliability/*.md 2>/dev/null | grep -v '^## '
} > "$results.tmp" && mv "$results.tmp" "$results"
echo "Results: $results" >&2
exit "$status"
