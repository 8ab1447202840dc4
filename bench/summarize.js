// Reads the benchmark's JSON lines (one per run, each with "system" and "test") and prints one markdown table:
// per row the median of the runs with min-max beside it, for Taskrail and BullMQ, and their ratio; then the ratio
// of each pair of runs.
// Usage: node summarize.js results.jsonl
'use strict';
const fs = require('fs');

const runs = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const of = (system, test) => runs.filter((r) => r.system === system && r.test === test);

const cpuPer10k = (r) => (r.redis_cpu_s_per_10k !== undefined ? r.redis_cpu_s_per_10k
  : (r.redis_cpu_pct / 100) * r.wall_s / r.n * 10000);
// The client process's CPU (the worker's JVM or node process, its JIT compiler included).
const clientCpuPer10k = (r) => (r.client_cpu_pct / 100) * r.wall_s / r.n * 10000;
// [label, taskrail test, bullmq test, value of a run, higher is better]
const rows = [
  ['enqueue, one at a time (tasks/s)', 'add-seq', 'add-seq', (r) => r.ops_per_s, true],
  ['enqueue, 100 in flight (tasks/s)', 'add-conc', 'add-conc', (r) => r.ops_per_s, true],
  ['enqueue, bulk of 50 (tasks/s)', 'add-bulk', 'add-bulk', (r) => r.jobs_per_s, true],
  ['drain 50,000 no-op, 1 worker x 100 slots, fresh process (tasks/s)', 'drain', 'worker-default',
    (r) => r.jobs_per_s, true],
  ['drain 50,000 no-op, the same after the process drained for 10 s (tasks/s)', 'drain-warm', 'worker-warm',
    (r) => r.jobs_per_s, true],
  ['the same, fresh, worker JVM on C1 only (-XX:TieredStopAtLevel=1) (tasks/s)', 'drain-c1', 'worker-default-c1',
    (r) => r.jobs_per_s, true],
  ['the same, warm, worker JVM on C1 only (tasks/s)', 'drain-warm-c1', 'worker-warm-c1', (r) => r.jobs_per_s, true],
  ['the same, fresh, worker on JDK 25+ from an AOT cache, C1 only (tasks/s)', 'drain-aot', 'worker-default-aot',
    (r) => r.jobs_per_s, true],
  ['Redis commands per task (drain)', 'drain', 'worker-default', (r) => r.redis_cmds_per_job, false],
  ['Redis CPU seconds per 10,000 tasks (drain)', 'drain', 'worker-default', cpuPer10k, false],
  ['Redis CPU seconds per 10,000 tasks (warm drain)', 'drain-warm', 'worker-warm', cpuPer10k, false],
  ['worker process CPU seconds per 10,000 tasks (drain)', 'drain', 'worker-default', clientCpuPer10k, false],
  ['worker process CPU seconds per 10,000 tasks (warm drain)', 'drain-warm', 'worker-warm', clientCpuPer10k, false],
  ['worker process CPU seconds per 10,000 tasks (drain, C1 only)', 'drain-c1', 'worker-default-c1',
    clientCpuPer10k, false],
  ['worker process CPU seconds per 10,000 tasks (warm drain, C1 only)', 'drain-warm-c1', 'worker-warm-c1',
    clientCpuPer10k, false],
  ['worker process CPU seconds per 10,000 tasks (drain, JDK 25+ AOT cache, C1 only)', 'drain-aot',
    'worker-default-aot', clientCpuPer10k, false],
  ['submit -> start p50, 500/s, same process (ms)', 'latency', 'latency-sameproc', (r) => r.p50_ms, false],
  ['submit -> start p95, 500/s, same process (ms)', 'latency', 'latency-sameproc', (r) => r.p95_ms, false],
  ['submit -> start p99, 500/s, same process (ms)', 'latency', 'latency-sameproc', (r) => r.p99_ms, false],
  ['submit -> start p99, 500/s, producer in another process (ms)', null, 'latency', (r) => r.p99_ms, false],
  ['submit -> start p50, 500/s, 20 idle workers x 10 slots (ms)', 'latency-many', 'latency-many', (r) => r.p50_ms, false],
  ['submit -> start p99, 500/s, 20 idle workers x 10 slots (ms)', 'latency-many', 'latency-many', (r) => r.p99_ms, false],
  ['Redis commands per task, submitted and run at 500/s, 20 idle workers', 'latency-many', 'latency-many',
    (r) => r.redis_cmds_per_job, false],
  ['Redis CPU seconds per 10,000 tasks, the same', 'latency-many', 'latency-many', cpuPer10k, false],
  ['steady 2,000/s: submit -> start p50 (ms)', 'steady', null, (r) => r.p50_ms, false],
  ['steady 2,000/s: submit -> start p99 (ms)', 'steady', null, (r) => r.p99_ms, false],
  ['steady 2,000/s: most tasks pending at once', 'steady', null, (r) => r.max_pending, false],
  ['Redis memory per pending task (bytes)', 'memory', 'memory', (r) => r.bytes_per_job, false],
  ['over HTTP: submit + drain via POST /tasks/batch of 50 (tasks/s)', 'http-batch', null, (r) => r.jobs_per_s, true],
  ['over HTTP: submit + drain via single POSTs, 100 in flight (tasks/s)', 'http-single', null, (r) => r.jobs_per_s, true],
  ['over HTTP: POST -> start p50, 500/s (ms)', 'http-latency', null, (r) => r.p50_ms, false],
  ['over HTTP: POST -> start p99, 500/s (ms)', 'http-latency', null, (r) => r.p99_ms, false],
];

function stat(system, test, value) {
  if (!test) return null;
  const values = of(system, test).map(value).filter((v) => typeof v === 'number' && !Number.isNaN(v));
  if (!values.length) return null;
  values.sort((a, b) => a - b);
  return { median: values[Math.floor((values.length - 1) / 2)], min: values[0], max: values[values.length - 1],
    n: values.length };
}
const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : +v.toFixed(v >= 10 ? 1 : 3));
const cell = (s) => (s ? `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})` : '-');

console.log('| measure | Taskrail | BullMQ | Taskrail vs BullMQ |');
console.log('|---|---|---|---|');
for (const [label, t, b, value, higherBetter] of rows) {
  const ts = stat('taskrail', t, value);
  const bs = stat('bullmq', b, value);
  if (!ts && !bs) continue; // a test this run left out (the AOT cache rows without a JDK 25)
  let ratio = '-';
  if (ts && bs && ts.median > 0 && bs.median > 0) {
    const better = higherBetter ? ts.median / bs.median : bs.median / ts.median;
    ratio = `${better.toFixed(2)}x ${better >= 1 ? 'better' : 'worse'}`;
  }
  console.log(`| ${label} | ${cell(ts)} | ${cell(bs)} | ${ratio} |`);
}
const runsPer = Math.max(...runs.map((r) => of(r.system, r.test).length));
console.log(`\nMedian of ${runsPer} run(s) per cell, min-max in brackets; same machine, same Redis, one run.`);

// Run k of a Taskrail test against run k of BullMQ's, which run.sh starts right after it: on a VM whose speed drifts
// within a run, the ratio of a pair is less exposed to the drift than the ratio of two medians. Pairs are matched on
// their "run" field (results without one, from before it was written, are paired in file order).
const runOf = (r, i) => (r.run !== undefined ? +r.run : i + 1);
if (runsPer > 1) {
  console.log('\nPer pair (Taskrail\'s run k against BullMQ\'s run k, started right after it; - where one is missing):');
  for (const [label, t, b, value, higherBetter] of rows) {
    if (!t || !b) continue;
    const theirs = new Map(of('bullmq', b).map((r, i) => [runOf(r, i), value(r)]));
    const ratios = of('taskrail', t).map((r, i) => {
      const ours = value(r);
      const their = theirs.get(runOf(r, i));
      return ours > 0 && their > 0 ? `${(higherBetter ? ours / their : their / ours).toFixed(2)}x` : '-';
    });
    if (ratios.length) console.log(`- ${label}: ${ratios.join(', ')}`);
  }
}
