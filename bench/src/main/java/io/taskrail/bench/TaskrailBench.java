package io.taskrail.bench;

import io.taskrail.NewTask;
import io.taskrail.QueueStats;
import io.taskrail.StoreOptions;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.boot.RedisClients;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.WakeNotice;
import io.taskrail.worker.WorkerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Taskrail's side of the benchmark: the same workloads as BullMQ's bench script, through Taskrail's Java API and
 * a worker verticle in this process, against the Redis at {@code REDIS_PORT}. Prints one line {@code RESULT {json}}
 * per run. A benchmark, not a test: it asserts nothing and prints numbers.
 *
 * <pre>java -jar bench.jar &lt;test&gt; [--smoke]</pre>
 * tests: add-seq, add-conc, add-bulk, drain, drain-warm, latency, latency-many, steady, memory, and through the
 * producer's HTTP API: http-batch, http-single (submitted and drained end to end) and http-latency.
 */
public final class TaskrailBench {
    private static final JsonObject PAYLOAD = new JsonObject().put("x", 1);
    /** Idle workers (of 10 slots each) in latency-many; BullMQ's side runs as many. */
    private static final int MANY_WORKERS = 20;
    /**
     * How long the enqueue tests repeat their run, the warm drain's process drains, and the steady load runs,
     * unmeasured before the measured run (BullMQ's side does the same where it has the test); a tenth of it in smoke
     * mode.
     */
    private static final long WARM_UP_S = 10;
    /**
     * Unmeasured rounds of the same load before a latency row's measured round (one in smoke mode); BullMQ's side
     * runs as many. After one round, C2 still compiled for 1.2 s of latency-many's measured 4 s (per-thread CPU from
     * /proc, on 2 cores shared with Redis), after three for 0.9-1.2 s, after ten for 0.13-0.17 s: the rows measured
     * the JIT's warm-up more than the notices' latency.
     */
    private static final int LATENCY_WARM_UP_ROUNDS = 10;

    private final Vertx vertx = Vertx.vertx();
    private final WakeNotice notices = new WakeNotice(vertx.eventBus());
    private final String redisUrl = "redis://127.0.0.1:" + System.getenv().getOrDefault("REDIS_PORT", "6390");
    private final Redis redis = RedisClients.create(vertx, redisUrl, 5_000);
    private final TaskStore store = TaskStore.create(redis, new StoreOptions());
    private final RedisProbe probe = new RedisProbe(redis);
    private final boolean smoke;

    private TaskrailBench(boolean smoke) {
        this.smoke = smoke;
    }

    public static void main(String[] args) throws Exception {
        String test = args.length > 0 ? args[0] : "add-seq";
        TaskrailBench bench = new TaskrailBench(Arrays.asList(args).contains("--smoke"));
        try {
            bench.probe.flushAll();
            bench.store.init().await();
            JsonObject result = switch (test) {
                case "add-seq" -> bench.add(1);
                case "add-conc" -> bench.add(100);
                case "add-bulk" -> bench.addBulk();
                case "drain" -> bench.drain(false);
                case "drain-warm" -> bench.drain(true);
                case "latency" -> bench.latency(bench.n(2_000, 300), 2, 1);
                case "latency-many" -> bench.latency(bench.n(2_000, 300), 2, MANY_WORKERS);
                case "steady" -> bench.steady();
                case "memory" -> bench.memory();
                case "http-batch" -> bench.httpDrain(true);
                case "http-single" -> bench.httpDrain(false);
                case "http-latency" -> bench.httpLatency();
                default -> throw new IllegalArgumentException("unknown test " + test);
            };
            System.out.println("RESULT " + result.put("test", test).put("system", "taskrail").encode());
        } finally {
            bench.vertx.close().await();
        }
    }

    private int n(int full, int smokeSize) {
        return smoke ? smokeSize : full;
    }

    /**
     * Enqueues one at a time, awaiting each, in {@code lanes} concurrent lanes, after the same run repeated unmeasured
     * for {@value #WARM_UP_S} s (see {@link #repeatForWarmUp}); BullMQ's side does the same.
     */
    private JsonObject add(int lanes) {
        int total = n(20_000, 1_000);
        long warmedUp = repeatForWarmUp(total, () -> addInLanes(total, lanes));
        emptyRedis();
        Measured m = measure(() -> addInLanes(total, lanes));
        return m.json().put("n", total).put("inflight", lanes).put("ops_per_s", Math.round(total / m.seconds))
                .put("warm_up", warmedUp);
    }

    /**
     * Runs {@code run} (of {@code size} tasks) again and again, unmeasured, until it has run for {@value #WARM_UP_S}
     * s, at least once, as JMH's warm-up iterations do; returns the tasks it took. A single unmeasured run is too
     * short on a slow machine: the C2 compiler was then still busy on a whole core through the measured run, on 2
     * cores shared with Redis (see the README's benchmark section).
     */
    private long repeatForWarmUp(int size, Runnable run) {
        long start = System.nanoTime();
        long tasks = 0;
        do {
            run.run();
            tasks += size;
        } while (System.nanoTime() - start < warmUpNanos());
        return tasks;
    }

    /**
     * Between an enqueue warm-up and its measured run: the warm-up leaves its tasks behind, and the faster side more
     * of them (about a million of Taskrail's against 400,000 of BullMQ's before the run with 100 in flight), so the
     * measured runs would start on keyspaces of different sizes. Both sides start them on an empty Redis; the queue
     * is set up again as at the start.
     */
    private void emptyRedis() {
        probe.flushAll();
        store.init().await();
    }

    private long warmUpNanos() {
        return WARM_UP_S * 1_000_000_000L / (smoke ? 10 : 1);
    }

    private void addInLanes(int total, int lanes) {
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            Promise<Void> lane = Promise.promise();
            vertx.runOnContext(v -> addLoop(next, total, lane));
            all.add(lane.future());
        }
        Future.all(all).await();
    }

    private void addLoop(AtomicInteger next, int total, Promise<Void> done) {
        if (next.incrementAndGet() > total) {
            done.complete();
            return;
        }
        store.enqueue(NewTask.of("bench.noop", PAYLOAD)).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
            } else {
                addLoop(next, total, done);
            }
        });
    }

    /** Enqueues in batches of 50, after the same run repeated unmeasured (see {@link #repeatForWarmUp}). */
    private JsonObject addBulk() {
        int total = n(50_000, 2_000);
        long warmedUp = repeatForWarmUp(total, () -> prefill(total, 50));
        emptyRedis();
        Measured m = measure(() -> prefill(total, 50));
        return m.json().put("n", total).put("chunk", 50).put("jobs_per_s", Math.round(total / m.seconds))
                .put("warm_up", warmedUp);
    }

    /**
     * The warm drain's worker tick (the longest allowed): a tick claims, so with the default one the idle worker
     * would start on a prefill before the clock. The rounds and the measured drain start with a tasks:new notice.
     */
    private static final long QUIET_TICK_MS = 60_000;

    /**
     * Prefills the queue, then one worker with 100 slots drains it; Redis cost is counted over the drain alone. The
     * worker is deployed (connected, scripts loaded) before the clock starts, as BullMQ's worker is ready before its
     * run(). With {@code warm}, the worker first drains for {@value #WARM_UP_S} s, so the JIT has compiled the hot path
     * (a worker that has been running for a while), then the measured run; BullMQ's side does the same.
     */
    private JsonObject drain(boolean warm) {
        int total = n(50_000, 2_000);
        CompletionCount completions = CompletionCount.listen(vertx);
        long warmedUp = 0;
        String worker = null;
        if (warm) {
            // Rounds of 20,000 until the worker has drained for WARM_UP_S: the JIT compiler takes about that long
            // to settle here (C2 spent ~8 CPU-seconds on this path in a 20-second run). The same worker then drains
            // the measured run: a new one, deployed in its place, made the JIT throw away and redo compiled code of
            // the event loop's in the middle of the run (a worker that has been running for a while is what warm
            // means here).
            worker = deployWorker(100, QUIET_TICK_MS);
            long drainingNanos = 0;
            while (drainingNanos < warmUpNanos()) {
                int round = n(20_000, 500);
                prefill(round, 1_000);
                long t0 = System.nanoTime();
                vertx.eventBus().publish(Addresses.TASKS_NEW, new JsonObject().put("queue", "default"));
                warmedUp += round;
                completions.await(warmedUp, 600);
                drainingNanos += System.nanoTime() - t0;
            }
        }
        prefill(total, 1_000);
        long before = completions.count();
        QueueStats queued = store.stats("default").await();
        if (queued.count(TaskStatus.PENDING) != total) {
            throw new IllegalStateException(queued.count(TaskStatus.PENDING) + " tasks pending before the clock, not "
                    + total + ": the worker started early");
        }
        long doneBefore = queued.count(TaskStatus.COMPLETED);
        if (worker == null) {
            worker = deployWorker(100);
        }
        probe.resetStats();
        Measured m = measure(() -> {
            vertx.eventBus().publish(Addresses.TASKS_NEW, new JsonObject().put("queue", "default"));
            completions.await(before + total, 600);
        });
        vertx.undeploy(worker).await();
        // Read before the stats call below, whose script would count too.
        Map<String, Long> calls = probe.commandCalls();
        long done = store.stats("default").await().count(TaskStatus.COMPLETED);
        return m.json().mergeIn(redisCostPerTask(m, calls, total)).put("n", total).put("concurrency", 100)
                .put("jobs_per_s", Math.round(total / m.seconds)).put("warm", warm).put("warm_up_tasks", warmedUp)
                .put("completed", done - doneBefore)
                .put("commandstats", new JsonObject(new java.util.TreeMap<>(calls)));
    }

    /**
     * Tasks submitted one every {@code intervalMs} to {@code workers} idle workers of 10 slots; how long after
     * submission each started, and what that cost Redis (with many idle workers, what a notice wakes shows).
     */
    private JsonObject latency(int total, long intervalMs, int workers) {
        deployIdleWorkers(workers);
        int rounds = smoke ? 1 : LATENCY_WARM_UP_ROUNDS;
        for (int round = 0; round < rounds; round++) {
            warmUp(total, intervalMs * 1_000_000L);
        }
        probe.resetStats();
        Measured m = measure(() -> {
            submitPaced(total, intervalMs * 1_000_000L);
            awaitStarted(total);
        });
        return m.json().mergeIn(percentiles()).mergeIn(redisCostPerTask(m, probe.commandCalls(), total))
                .put("n", total).put("interval_ms", intervalMs).put("concurrency", 10).put("workers", workers)
                .put("producer", "same process, store API, one notice per task as the producer sends it")
                .put("warm_up", "the same load, unmeasured, " + rounds + " times first");
    }

    /** A fixed offered rate for a while: latency, and whether a backlog builds. */
    private JsonObject steady() {
        int rate = 2_000;
        int seconds = smoke ? 2 : 20;
        deployWorker(100);
        int total = rate * seconds;
        // The same load for WARM_UP_S first: C2 was still busy on most of a core 8 s into the measured run after
        // 3 s of warm-up (per-thread CPU from /proc, 2026-12-04's VM).
        warmUp((int) Math.min(total, rate * warmUpNanos() / 1_000_000_000L), 1_000_000_000L / rate);
        long[] maxPending = new long[1];
        long sampler = vertx.setPeriodic(250, id -> store.stats("default")
                .onSuccess(s -> maxPending[0] = Math.max(maxPending[0], s.count(TaskStatus.PENDING))));
        Measured m = measure(() -> {
            submitPaced(total, 1_000_000_000L / rate);
            awaitStarted(total);
        });
        vertx.cancelTimer(sampler);
        return m.json().mergeIn(percentiles()).put("n", total).put("offered_per_s", rate)
                .put("achieved_per_s", Math.round(total / m.seconds)).put("max_pending", maxPending[0]);
    }

    /**
     * Tasks submitted over HTTP, in batches of 50 (10 requests in flight) or one per POST (100 in flight), while a
     * worker with 100 slots runs them: tasks/s from the first POST to the last completion.
     */
    private JsonObject httpDrain(boolean batched) {
        int total = n(50_000, 2_000);
        HttpLoad http = HttpLoad.start(vertx, redisUrl);
        CompletionCount completions = CompletionCount.listen(vertx);
        deployWorker(100);
        Measured m = measure(() -> {
            if (batched) {
                http.post("/tasks/batch", total / 50, 10, i -> HttpLoad.batch(50)).await();
            } else {
                http.post("/tasks", total, 100, i -> new JsonObject().put("type", "bench.noop")
                        .put("payload", PAYLOAD)).await();
            }
            completions.await(total, 600);
        });
        return m.json().put("n", total).put("jobs_per_s", Math.round(total / m.seconds))
                .put("via", batched ? "POST /tasks/batch, 50 a batch, 10 requests in flight"
                        : "POST /tasks, 100 requests in flight");
    }

    /**
     * Single POSTs at 500/s to an idle worker (after a warm-up): how long after the POST was sent each started.
     * {@code BENCH_IDLE_WORKERS} (1) sets how many idle workers of 10 slots there are.
     */
    private JsonObject httpLatency() {
        int total = n(2_000, 300);
        HttpLoad http = HttpLoad.start(vertx, redisUrl);
        int workers = Integer.parseInt(System.getenv().getOrDefault("BENCH_IDLE_WORKERS", "1"));
        deployIdleWorkers(workers);
        long gap = 2_000_000L;
        LatencyProbeHandler.STARTED_AFTER_MS.clear();
        postPaced(http, total, gap);
        awaitStarted(total);
        LatencyProbeHandler.STARTED_AFTER_MS.clear();
        probe.resetStats();
        Measured m = measure(() -> {
            postPaced(http, total, gap);
            awaitStarted(total);
        });
        return m.json().mergeIn(percentiles()).mergeIn(redisCostPerTask(m, probe.commandCalls(), total))
                .put("n", total).put("interval_ms", 2).put("workers", workers)
                .put("via", "POST /tasks, one per request, producer and worker in this JVM");
    }

    private void postPaced(HttpLoad http, int total, long gapNanos) {
        pace(total, gapNanos, () -> http.postOne("/tasks", new JsonObject().put("type", "bench.latency")
                .put("payload", new JsonObject().put("t0", System.nanoTime()))));
    }

    private JsonObject memory() {
        int total = n(100_000, 2_000);
        long before = probe.usedMemory();
        prefill(total, 1_000);
        long after = probe.usedMemory();
        return new JsonObject().put("n", total).put("bytes_per_job", Math.round((after - before) / (double) total));
    }

    /** Submits {@code total} probe tasks through the store API, spaced {@code gapNanos} apart. */
    private void submitPaced(int total, long gapNanos) {
        pace(total, gapNanos, () -> store.enqueue(NewTask.of("bench.latency",
                        new JsonObject().put("t0", System.nanoTime())))
                .onSuccess(r -> notices.send("default", 1)));
    }

    /** Runs {@code sendOne} {@code total} times from one event loop, {@code gapNanos} apart (catching up if late). */
    private void pace(int total, long gapNanos, Runnable sendOne) {
        Promise<Void> done = Promise.promise();
        long start = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        vertx.runOnContext(v -> vertx.setPeriodic(1, id -> {
            long due = Math.min(total, (System.nanoTime() - start) / gapNanos + 1);
            while (sent.get() < due) {
                sent.incrementAndGet();
                sendOne.run();
            }
            if (sent.get() >= total) {
                vertx.cancelTimer(id);
                done.complete();
            }
        }));
        done.future().await();
    }

    /**
     * The same load, unmeasured, before the measured run: the first second of a fresh JVM (JIT compilation, the
     * Redis pool opening its connections) costs tails of 100-250 ms that a running service does not have.
     */
    private void warmUp(int total, long gapNanos) {
        LatencyProbeHandler.STARTED_AFTER_MS.clear();
        submitPaced(total, gapNanos);
        awaitStarted(total);
        LatencyProbeHandler.STARTED_AFTER_MS.clear();
    }

    private void awaitStarted(int total) {
        long deadline = System.currentTimeMillis() + 600_000;
        while (LatencyProbeHandler.STARTED_AFTER_MS.size() < total && System.currentTimeMillis() < deadline) {
            parkMs(5);
        }
    }

    private JsonObject percentiles() {
        double[] sorted = LatencyProbeHandler.STARTED_AFTER_MS.stream().mapToDouble(Double::doubleValue).sorted()
                .toArray();
        return new JsonObject().put("p50_ms", at(sorted, 50)).put("p95_ms", at(sorted, 95))
                .put("p99_ms", at(sorted, 99)).put("max_ms", at(sorted, 100));
    }

    private static double at(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
        return Math.round(sorted[i] * 1000) / 1000.0;
    }

    private void prefill(int total, int chunk) {
        for (int from = 0; from < total; from += chunk) {
            List<NewTask> batch = new ArrayList<>(chunk);
            for (int i = from; i < Math.min(total, from + chunk); i++) {
                batch.add(NewTask.of("bench.noop", PAYLOAD));
            }
            store.enqueueAll(batch).await();
        }
    }

    /** Idle workers of 10 slots each, as in the latency tests. */
    private void deployIdleWorkers(int workers) {
        for (int i = 0; i < workers; i++) {
            deployWorker(10);
        }
    }

    /** Redis commands ({@code calls}, per command) and Redis CPU seconds per task, for {@code total} tasks. */
    private static JsonObject redisCostPerTask(Measured m, Map<String, Long> calls, int total) {
        long commands = calls.values().stream().mapToLong(Long::longValue).sum();
        return new JsonObject().put("redis_cmds_per_job", Math.round(commands * 100.0 / total) / 100.0)
                .put("redis_cpu_s_per_10k", Math.round(m.redisCpuSeconds / total * 10_000 * 1000) / 1000.0);
    }

    private String deployWorker(int concurrency) {
        return deployWorker(concurrency, 1_000); // the worker's default tick
    }

    private String deployWorker(int concurrency, long tickMs) {
        return vertx.deployVerticle(new WorkerVerticle(), new DeploymentOptions().setConfig(new JsonObject()
                .put("REDIS_URL", redisUrl).put("WORKER_CONCURRENCY", Integer.toString(concurrency))
                .put("HEARTBEAT_MS", "5000").put("TICK_MS", Long.toString(tickMs)))).await();
    }

    private Measured measure(Runnable work) {
        double cpu0 = probe.cpuSeconds();
        long client0 = processCpuNanos();
        long t0 = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Measured(seconds, probe.cpuSeconds() - cpu0, (processCpuNanos() - client0) / 1e9);
    }

    /** This JVM's CPU time, all threads (the JIT compiler's and the GC's too), as BullMQ's side reports its own. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void parkMs(long ms) {
        java.util.concurrent.locks.LockSupport.parkNanos(ms * 1_000_000);
    }

    private record Measured(double seconds, double redisCpuSeconds, double clientCpuSeconds) {
        JsonObject json() {
            return new JsonObject().put("wall_s", Math.round(seconds * 10_000) / 10_000.0)
                    .put("redis_cpu_pct", Math.round(redisCpuSeconds / seconds * 1000) / 10.0)
                    .put("client_cpu_pct", Math.round(clientCpuSeconds / seconds * 1000) / 10.0);
        }
    }
}
