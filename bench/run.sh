#!/usr/bin/env bash
# Taskrail against BullMQ on one Redis, in one run, on this machine. Prints one markdown table.
#
#   bench/run.sh            # the full benchmark: 3 runs of every test for each system (about 15 minutes on 2 cores)
#   bench/run.sh --smoke    # one tiny run of each, to prove the benchmark still works (CI runs this)
#
# Needs a JDK and Maven (like the rest), and Node.js with npm for the BullMQ side (installed here from the npm
# registry into bench/bullmq/node_modules). Redis: redis-server from the PATH, else the embedded one, on
# BENCH_REDIS_PORT (6390), with no persistence (as BullMQ's reference figures were taken). Every test flushes it.
# Two rows also need a JDK 25 or later (BENCH_AOT_JAVA, the path of its java binary, else one found on this machine;
# see below), and are left out without one.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=""; runs=${RUNS:-3}; scale=1
if [ "${1:-}" = "--smoke" ]; then smoke="--smoke"; runs=1; scale=0.02; fi
port=${BENCH_REDIS_PORT:-6390}
jar=bench/target/bench.jar
out=bench/results
mkdir -p "$out"
results="$out/$(date -u +%Y%m%dT%H%M%SZ)${smoke:+-smoke}.jsonl"

if [ ! -f "$jar" ] || [ -n "$(find common/src worker-verticle/src bench/src -newer "$jar" -type f -print -quit)" ]; then
  echo "Building the harness..." >&2
  mvn -q -B -pl bench -am install -DskipTests
fi
if [ ! -d bench/bullmq/node_modules ]; then
  echo "Installing BullMQ (npm)..." >&2
  (cd bench/bullmq && npm install --silent --no-audit --no-fund)
fi

# A JDK 25 or later for the "+aot" pair (its AOT cache, JEPs 483 and 514, is not in 17): BENCH_AOT_JAVA, else the
# first java of 25+ among JAVA_HOME's, the PATH's and /usr/lib/jvm's. Without one that pair is left out. The version
# line is looked for, not taken as the first: JAVA_TOOL_OPTIONS puts a "Picked up" line before it.
java_version() { "$1" -version 2>&1 | sed -n '/version "/{p;q;}'; }
java_major() { java_version "$1" | sed -nE 's/.*version "([0-9]+).*/\1/p'; }
aot_java=""
if [ -n "${BENCH_AOT_JAVA:-}" ]; then candidates=("$BENCH_AOT_JAVA")
else candidates=(${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java)" /usr/lib/jvm/*/bin/java); fi
for candidate in "${candidates[@]}"; do
  major=$(java_major "$candidate" || true)
  if [ -n "$major" ] && [ "$major" -ge 25 ]; then aot_java=$candidate; break; fi
done
aot_dir=$(mktemp -d)

REDIS_PORT=$port REDIS_DATA_DIR=none java -cp "$jar" io.taskrail.redis.EmbeddedRedisMain > "$out/redis.log" 2>&1 &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null || true; wait $redis_pid 2>/dev/null || true; rm -rf "$aot_dir"' EXIT
for ((i=0; i<100; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

# Each pair runs Taskrail's test, then BullMQ's, alternating runs so drift hits both alike. A Taskrail test with
# "+c1" runs in a JVM on its C1 JIT compiler alone (-XX:TieredStopAtLevel=1), the option the README gives for
# workers whose handlers are light; the results of that pair, BullMQ's too, are named <test>-c1. One with "+aot"
# runs on C1 alone too, in the JDK 25+ above, from an AOT cache that one unmeasured run of the same test wrote
# first (the README's recipe for fresh workers); its results are named <test>-aot.
pairs=("add-seq:add-seq" "add-conc:add-conc" "add-bulk:add-bulk" "drain:worker-default" "drain-warm:worker-warm"
       "drain+c1:worker-default" "drain-warm+c1:worker-warm" "drain+aot:worker-default" "latency:latency-sameproc"
       "-:latency" "latency-many:latency-many" "steady:-" "memory:memory" "http-batch:-" "http-single:-" "http-latency:-")
for pair in "${pairs[@]}"; do
  ours=${pair%%:*}; theirs=${pair##*:}
  java_cmd=java; jvm=(); name_suffix=""
  if [ "${ours%+c1}" != "$ours" ]; then
    ours=${ours%+c1}; jvm=(-XX:TieredStopAtLevel=1); name_suffix="-c1"
  elif [ "${ours%+aot}" != "$ours" ]; then
    ours=${ours%+aot}; name_suffix="-aot"
    if [ -z "$aot_java" ]; then
      if [ -n "${BENCH_AOT_JAVA:-}" ]; then
        echo "  $pair left out: BENCH_AOT_JAVA=$BENCH_AOT_JAVA is not the java of a JDK 25 or later" >&2
      else
        echo "  $pair left out: no JDK 25 or later found (set BENCH_AOT_JAVA to its java)" >&2
      fi
      continue
    fi
    java_cmd=$aot_java; jvm=(-XX:AOTCache="$aot_dir/$ours.aot" -XX:TieredStopAtLevel=1)
    if ! REDIS_PORT=$port "$java_cmd" -XX:AOTCacheOutput="$aot_dir/$ours.aot" -XX:TieredStopAtLevel=1 -jar "$jar" \
           "$ours" $smoke >/dev/null 2>>"$out/bench.log" || [ ! -s "$aot_dir/$ours.aot" ]; then
      echo "  $pair left out: training its AOT cache failed (see $out/bench.log)" >&2
      continue
    fi
    # A JVM that cannot use a cache's classes for its class path starts without them, silently; the row would then
    # measure no cache. Checked once here: a JVM on the same jar must load some of Taskrail's classes from it
    # (grep -c reads to the end; -q would stop early and fail the JVM's next write, and with it the pipeline).
    if ! "$java_cmd" "${jvm[@]}" -Xlog:class+load=info -cp "$jar" io.taskrail.bench.WakeUpDelay 0.01 2>&1 \
         | grep -c 'io\.taskrail\..* source: shared objects file' >/dev/null; then
      echo "  $pair left out: the JVM does not take the trained AOT cache's classes" >&2
      continue
    fi
    echo "  $pair: AOT cache trained" >&2
  fi
  for ((r=1; r<=runs; r++)); do
    if [ "$ours" != "-" ]; then
      REDIS_PORT=$port "$java_cmd" ${jvm[@]+"${jvm[@]}"} -jar "$jar" "$ours" $smoke 2>>"$out/bench.log" \
        | sed -n 's/^RESULT //p' | sed "s/^{/{\"run\":$r,/" \
        | sed "s/\"test\":\"$ours\"/\"test\":\"$ours$name_suffix\"/" >> "$results"
    fi
    if [ "$theirs" != "-" ]; then
      (cd bench/bullmq && REDIS_PORT=$port BENCH_SCALE=$scale node bullmq_bench.js "$theirs" --run "$r") 2>>"$out/bench.log" \
        | sed -n 's/^RESULT //p' | sed 's/^{/{"system":"bullmq",/' \
        | sed "s/\"test\":\"$theirs\"/\"test\":\"$theirs$name_suffix\"/" >> "$results"
    fi
    echo "  $pair run $r done" >&2
  done
done

# The machine's own floor under the latency rows: how late it wakes a sleeping thread (Redis idle), and below, one
# client's round trips to Redis.
wake=$(java -cp "$jar" io.taskrail.bench.WakeUpDelay "$([ -n "$smoke" ] && echo 0.5 || echo 5)") \
  || wake="(not measured: WakeUpDelay failed)"

# The ceiling: what Redis itself does on this machine with trivial commands (50 clients, no pipelining).
ceiling=""; roundtrips=""
if ! command -v redis-benchmark >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && [ -z "$smoke" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-tools >/dev/null 2>&1 || true
fi
if command -v redis-benchmark >/dev/null 2>&1; then
  n=$([ -n "$smoke" ] && echo 2000 || echo 200000)
  sha=$(redis-cli -p "$port" SCRIPT LOAD "return 1")
  rate() { redis-benchmark -p "$port" -n "$n" -q "$@" 2>/dev/null | grep -o '[0-9.]* requests per second' | head -1 | cut -d' ' -f1; }
  ceiling="EVALSHA (trivial script) $(rate EVALSHA "$sha" 0)/s, ZADD $(rate -t zadd)/s, ZPOPMIN $(rate -t zpopmin)/s"
  roundtrips="; one client's round trips to Redis (redis-benchmark -c 1, PING): $(rate -c 1 -t ping_mbulk)/s"
fi

echo
echo "Taskrail vs BullMQ, $(date -u +%Y-%m-%d), $(nproc) cores, $(java_version java), node $(node --version),"
if [ -n "$aot_java" ]; then echo "the AOT cache rows on $(java_version "$aot_java"),"; fi
echo "Redis $("$(ls /tmp/taskrail-*/redis-server* 2>/dev/null | head -1 || echo redis-server)" --version 2>/dev/null | grep -o 'v=[0-9.]*' || echo '?') (no persistence)${smoke:+, SMOKE RUN (tiny sizes, numbers mean nothing)}:"
echo
node bench/summarize.js "$results"
echo
# Kept beside the raw results too, as the table can be printed again from those but these lines cannot.
{
  echo "Redis ceiling (redis-benchmark, 50 clients, no pipelining): ${ceiling:-not measured (no redis-benchmark; apt-get install redis-tools)}"
  echo
  echo "Machine floor: a 0.5 ms sleep woke late by $wake${roundtrips}"
} | tee "${results%.jsonl}-machine.txt"
echo
echo "Raw results: $results"
