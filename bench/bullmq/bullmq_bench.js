// BullMQ micro-benchmarks against a local redis (default 127.0.0.1:6390).
// Usage: node bullmq_bench.js <test> [--run N]
//   tests: add-seq | add-conc | add-bulk | worker-default | worker-rmc | worker-warm |
//          latency | latency-sameproc | latency-many | memory
// Prints exactly one JSON line (prefix "RESULT ") per invocation.
// Every run: FLUSHALL first, fresh queue name, CPU split measured via
// redis INFO cpu (server) and process.cpuUsage() (this client process).
'use strict';
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');
const { fork } = require('child_process');

const HOST = process.env.REDIS_HOST || '127.0.0.1';
const PORT = +(process.env.REDIS_PORT || 6390);
const connection = { host: HOST, port: PORT, maxRetriesPerRequest: null };
const PAYLOAD = { x: 1 }; // tiny payload used everywhere
// BENCH_SCALE (Taskrail's addition): shrinks every N, for the seconds-long smoke run CI does.
const SCALE = +(process.env.BENCH_SCALE || 1);
const scaled = (n) => Math.max(100, Math.round(n * SCALE));
// How long the add tests repeat their run, and worker-warm drains, unmeasured first (Taskrail's addition, the same on
// Taskrail's side); a tenth of it in the smoke run, which is any BENCH_SCALE below 1 here (run.sh sets 0.02 exactly
// when it passes --smoke to Taskrail's side, whose warm-up shortens on --smoke alone).
const WARM_UP_NS = BigInt(Math.round(10e9 * (SCALE < 1 ? 0.1 : 1)));

// Runs run() again and again, unmeasured, until it has run for WARM_UP_NS, at least once, as JMH's warm-up iterations
// do (Taskrail's addition, as Taskrail's side does); returns the jobs it added.
async function repeatForWarmUp(size, run) {
  const start = process.hrtime.bigint();
  let jobs = 0;
  do {
    await run();
    jobs += size;
  } while (process.hrtime.bigint() - start < WARM_UP_NS);
  return jobs;
}

// Between an add warm-up and its measured run (Taskrail's addition, the same on Taskrail's side): the warm-up's jobs
// are dropped, so that both sides' measured runs start on an empty Redis, not on keyspaces of different sizes.
async function emptyRedis(queue) {
  await admin.flushall();
  await queue.add('warm', PAYLOAD); // as at the start: the queue's keys exist before the clock
}

const test = process.argv[2];
const runIdx = process.argv.includes('--run') ? process.argv[process.argv.indexOf('--run') + 1] : '0';
const qname = process.env.QNAME || `pb-${test}-${Date.now()}-${runIdx}`; // QNAME env: fixed (e.g. short) name

const admin = new IORedis({ host: HOST, port: PORT });

// Optional client-side command counter (top-level commands sent by ioredis,
// i.e. network-visible commands; commands run inside Lua are NOT included).
const clientCmds = {};
let countCmds = process.env.CMDCOUNT === '1';
if (countCmds) {
  const orig = IORedis.prototype.sendCommand;
  IORedis.prototype.sendCommand = function (command, stream) {
    if (this !== admin && countingOn) clientCmds[command.name] = (clientCmds[command.name] || 0) + 1;
    return orig.call(this, command, stream);
  };
}
let countingOn = false;

async function redisCpu() {
  const info = await admin.info('cpu');
  const u = +/used_cpu_user:([\d.]+)/.exec(info)[1];
  const s = +/used_cpu_sys:([\d.]+)/.exec(info)[1];
  return u + s;
}
async function usedMemory() {
  const info = await admin.info('memory');
  return +/used_memory:(\d+)/.exec(info)[1];
}
async function commandStats() {
  const info = await admin.info('commandstats');
  const out = {};
  for (const line of info.split('\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line.trim());
    if (m) out[m[1]] = { calls: +m[2], usec: +m[3] };
  }
  return out;
}

// whole-machine busy CPU (jiffies, all cores) from /proc/stat, to detect background load
const fs = require('fs');
function sysBusy() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + (steal || 0)) / 100; // seconds (USER_HZ=100)
}

// measure(fn): wall time + CPU split around fn
async function measure(fn) {
  const sb0 = sysBusy();
  const rc0 = await redisCpu();
  const cc0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const extra = await fn();
  const t1 = process.hrtime.bigint();
  const cc1 = process.cpuUsage(cc0);
  const rc1 = await redisCpu();
  const sb1 = sysBusy();
  const wall = Number(t1 - t0) / 1e9;
  const redisPct = ((rc1 - rc0) / wall) * 100, clientPct = ((cc1.user + cc1.system) / 1e6 / wall) * 100;
  const sysPct = ((sb1 - sb0) / wall) * 100;
  return {
    wall_s: +wall.toFixed(4),
    redis_cpu_pct: +redisPct.toFixed(1),
    client_cpu_pct: +clientPct.toFixed(1),
    machine_busy_pct: +sysPct.toFixed(1), // of 200% (2 cores)
    other_cpu_pct: +(sysPct - redisPct - clientPct).toFixed(1), // background load (+ child producer in 'latency')
    ...(extra || {}),
  };
}

function pct(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

async function prefill(queue, n, chunk = 50) {
  for (let i = 0; i < n; i += chunk) {
    const jobs = [];
    for (let j = i; j < Math.min(n, i + chunk); j++) jobs.push({ name: 't', data: PAYLOAD });
    await queue.addBulk(jobs);
  }
}

async function main() {
  await admin.flushall();
  let result = { test, run: +runIdx, queue: qname };

  if (test === 'add-seq' || test === 'add-conc') {
    const N = scaled(20000);
    const inflight = test === 'add-seq' ? 1 : 100;
    const queue = new Queue(qname, { connection });
    await queue.waitUntilReady();
    await queue.add('warm', PAYLOAD); // load scripts / connection warm-up (not timed)
    let next = 0;
    const run = async () => {
      next = 0;
      async function lane() {
        while (next < N) { next++; await queue.add('t', PAYLOAD); }
      }
      await Promise.all(Array.from({ length: inflight }, lane));
    };
    const warmUp = await repeatForWarmUp(N, run);
    await emptyRedis(queue);
    const m = await measure(run);
    result = { ...result, n: N, inflight, ops_per_s: +(N / m.wall_s).toFixed(0), warm_up: warmUp, ...m };
    await queue.close();
  } else if (test === 'add-bulk') {
    const N = scaled(50000), CH = 50;
    const queue = new Queue(qname, { connection });
    await queue.waitUntilReady();
    await queue.add('warm', PAYLOAD);
    const warmUp = await repeatForWarmUp(N, () => prefill(queue, N, CH));
    await emptyRedis(queue);
    const m = await measure(() => prefill(queue, N, CH));
    result = { ...result, n: N, chunk: CH, jobs_per_s: +(N / m.wall_s).toFixed(0), warm_up: warmUp, ...m };
    await queue.close();
  } else if (test === 'worker-default' || test === 'worker-rmc' || test === 'worker-warm') {
    const N = scaled(50000);
    const rmc = test === 'worker-rmc';
    const queue = new Queue(qname, { connection, defaultJobOptions: rmc ? { removeOnComplete: true } : {} });
    await queue.waitUntilReady();
    let warmUpJobs = 0;
    let warm = null;
    if (test === 'worker-warm') {
      // worker-warm (Taskrail's addition): the worker first drains for 10 s (rounds of 20,000), so V8 has compiled
      // the hot path, as Taskrail's drain-warm lets the JIT do; then, paused while the queue is prefilled, the same
      // worker drains the measured run.
      warm = new Worker(qname, async () => {}, { connection, concurrency: 100, autorun: false });
      await warm.waitUntilReady();
      let warmed = 0, target = 0, draining = 0n, onTarget = null;
      warm.on('completed', () => { if (++warmed === target && onTarget) onTarget(); });
      let started = false;
      while (draining < WARM_UP_NS) {
        const round = scaled(20000);
        await prefill(queue, round, 50);
        target += round;
        const t0 = process.hrtime.bigint();
        const done = new Promise((resolve) => { onTarget = resolve; });
        if (!started) { warm.run(); started = true; } else { warm.resume(); }
        await done;
        draining += process.hrtime.bigint() - t0;
        // Paused without waiting (pause(true)), the worker's blocking fetch stays open and takes a job of the next
        // prefill; this waits for the fetch loop to end.
        await warm.pause();
      }
      warmUpJobs = warmed;
      warm.removeAllListeners('completed');
    }
    const tp0 = process.hrtime.bigint();
    await prefill(queue, N, 50);
    const prefill_s = Number(process.hrtime.bigint() - tp0) / 1e9;
    const worker = warm || new Worker(qname, async () => {}, { connection, concurrency: 100, autorun: false });
    await worker.waitUntilReady();
    let done = 0, failed = 0;
    let resolveDone;
    const allDone = new Promise((r) => (resolveDone = r));
    // in-flight diagnostic: jobs started ('active') but not yet completed, sampled at each completion
    let inflightNow = 0, inflightSum = 0, inflightMax = 0;
    worker.on('active', () => { inflightNow++; if (inflightNow > inflightMax) inflightMax = inflightNow; });
    worker.on('completed', () => { inflightSum += inflightNow; inflightNow--; if (++done === N) resolveDone(); });
    worker.on('failed', () => { failed++; });
    const waiting = await queue.getWaitingCount();
    if (waiting !== N) throw new Error(`${waiting} jobs waiting before the clock, not ${N}: the worker started early`);
    await admin.config('RESETSTAT');
    countingOn = true;
    const m = await measure(async () => {
      if (warm) { worker.resume(); } else { worker.run(); }
      await allDone;
    });
    countingOn = false;
    const cs = await commandStats();
    delete cs['config|resetstat']; delete cs['info'];
    const total = Object.values(cs).reduce((a, b) => a + b.calls, 0);
    const counts = await queue.getJobCounts('wait', 'active', 'completed', 'failed');
    await worker.close();
    result = {
      ...result, n: N, concurrency: 100, removeOnComplete: rmc, warm_up_jobs: warmUpJobs, prefill_s: +prefill_s.toFixed(2),
      jobs_per_s: +(N / m.wall_s).toFixed(0), ...m, failed, counts_after: counts,
      avg_inflight_at_completion: +(inflightSum / N).toFixed(1), max_inflight: inflightMax,
      redis_cmds_total: total, redis_cmds_per_job: +(total / N).toFixed(2),
      evalsha_calls: (cs.evalsha || {}).calls, evalsha_usec_per_call: cs.evalsha ? +(cs.evalsha.usec / cs.evalsha.calls).toFixed(1) : null,
      commandstats: Object.fromEntries(Object.entries(cs).sort((a, b) => b[1].calls - a[1].calls).map(([k, v]) => [k, v.calls])),
      ...(countCmds ? { client_cmds_per_job: +(Object.values(clientCmds).reduce((a, b) => a + b, 0) / N).toFixed(2), client_cmds: clientCmds } : {}),
    };
    await queue.close();
  } else if (test === 'latency' || test === 'latency-sameproc' || test === 'latency-many') {
    const N = scaled(2000), INTERVAL_MS = 2;
    // latency-many (Taskrail's addition): 20 idle workers of concurrency 10, as Taskrail's side runs 20 of 10 slots.
    const WORKERS = test === 'latency-many' ? 20 : 1;
    const lats = [];
    let resolveDone;
    const workers = [];
    for (let w = 0; w < WORKERS; w++) {
      workers.push(new Worker(qname, async (job) => {
        const now = process.hrtime.bigint(); // CLOCK_MONOTONIC: comparable across processes on one host
        lats.push(Number(now - BigInt(job.data.t0)) / 1e6);
        if (lats.length === N) resolveDone();
      }, { connection, concurrency: 10 }));
    }
    const round = async () => {
      const allDone = new Promise((r) => (resolveDone = r));
      if (test === 'latency') {
        const child = fork(__filename, ['__producer', qname, String(N), String(INTERVAL_MS)]);
        await new Promise((r) => child.on('exit', r));
      } else {
        await produce(qname, N, INTERVAL_MS);
      }
      await allDone;
    };
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    // Taskrail's addition: the same load, unmeasured, 10 times first (once in the smoke run), as Taskrail's side does
    // (its JIT was still compiling through the measured round after one or three).
    const warmUpRounds = SCALE < 1 ? 1 : 10;
    for (let i = 0; i < warmUpRounds; i++) {
      await round();
    }
    lats.length = 0;
    await new Promise((r) => setTimeout(r, 1000)); // let the workers block idle
    await admin.config('RESETSTAT');
    const m = await measure(round);
    const cs = await commandStats();
    delete cs['config|resetstat']; delete cs['info'];
    const commands = Object.values(cs).reduce((a, b) => a + b.calls, 0);
    await Promise.all(workers.map((w) => w.close()));
    lats.sort((a, b) => a - b);
    const f = (x) => +x.toFixed(3);
    result = {
      ...result, n: N, interval_ms: INTERVAL_MS, concurrency: 10, workers: WORKERS,
      producer: test === 'latency' ? 'separate process' : 'same process',
      warm_up_rounds: warmUpRounds, p50_ms: f(pct(lats, 50)), p95_ms: f(pct(lats, 95)), p99_ms: f(pct(lats, 99)), max_ms: f(lats[lats.length - 1]), min_ms: f(lats[0]), ...m,
      redis_cmds_per_job: +(commands / N).toFixed(2),
      redis_cpu_s_per_10k: +(m.redis_cpu_pct / 100 * m.wall_s / N * 10000).toFixed(3),
    };
  } else if (test === 'memory') {
    const N = scaled(100000);
    const queue = new Queue(qname, { connection });
    await queue.waitUntilReady();
    await queue.add('warm', PAYLOAD); // creates meta/id/events keys; then measure delta
    await new Promise((r) => setTimeout(r, 200));
    const before = await usedMemory();
    await prefill(queue, N, 50);
    await new Promise((r) => setTimeout(r, 200));
    const after = await usedMemory();
    const dbsize = await admin.dbsize();
    const evlen = await admin.xlen(`bull:${qname}:events`);
    const sampleKey = `bull:${qname}:50000`;
    const sampleHash = await admin.hgetall(sampleKey);
    const sampleMem = await admin.call('MEMORY', 'USAGE', sampleKey);
    result = { ...result, n: N, used_memory_before: before, used_memory_after: after,
      bytes_per_job: +((after - before) / N).toFixed(1), dbsize, events_stream_len: evlen,
      sample_job_hash_memory_usage: sampleMem, sample_job_hash: sampleHash };
    await queue.close();
  } else {
    throw new Error('unknown test ' + test);
  }
  console.log('RESULT ' + JSON.stringify(result));
  await admin.quit();
}

async function produce(qn, n, intervalMs) {
  const queue = new Queue(qn, { connection });
  await queue.waitUntilReady();
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < n; i++) {
    const target = start + i * intervalMs;
    const wait = target - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(queue.add('t', { x: 1, t0: process.hrtime.bigint().toString() }));
  }
  await Promise.all(pending);
  await queue.close();
}

if (process.argv[2] === '__producer') {
  produce(process.argv[3], +process.argv[4], +process.argv[5]).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
} else {
  main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
}
