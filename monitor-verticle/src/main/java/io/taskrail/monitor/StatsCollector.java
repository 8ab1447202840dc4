package io.taskrail.monitor;

import io.taskrail.QueueStats;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.WorkerRegistry;
import io.taskrail.boot.BoundedFanout;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds the stats frame every client gets:
 * <pre>
 * {"type":"stats", ts,
 *  queues:{name:{pending, scheduled, processing, dead}},
 *  totals:{submitted, completed, failed, retried, dead},
 *  rates:{submittedPerSec, completedPerSec, failedPerSec},
 *  latency:{waitMs:{p50,p95,p99}, runMs:{p50,p95,p99}},
 *  workers:[{id, inFlight, processed, concurrency, lastSeen}]}
 * </pre>
 * Counts and totals come from one read of Redis per tick (the store's stats, per queue), whatever the number of
 * clients; totals are the store's, so they agree with Redis. Rates are the totals' growth over the last
 * {@value #RATE_WINDOW_MS} ms. Latencies come from {@code tasks:events} over the last minute, workers from their
 * heartbeats. Use from the monitor's event loop only.
 */
final class StatsCollector {
    static final long RATE_WINDOW_MS = 5_000;
    private static final long LATENCY_WINDOW_MS = 60_000;
    private static final int LATENCY_SAMPLES = 20_000;

    private final TaskStore store;
    private final long timeoutMs;
    private final MonitorMetrics metrics;
    private final SlidingPercentiles wait = new SlidingPercentiles(LATENCY_WINDOW_MS, LATENCY_SAMPLES);
    private final SlidingPercentiles run = new SlidingPercentiles(LATENCY_WINDOW_MS, LATENCY_SAMPLES);
    private final Map<String, JsonObject> workers = new TreeMap<>();
    /** (ts, submitted, completed, failed) at each read, for the rates. */
    private final ArrayDeque<long[]> history = new ArrayDeque<>();
    private JsonObject frame;
    /** The read of every queue's stats going on now, if any. */
    private Future<List<QueueStats>> reading;

    StatsCollector(TaskStore store, long timeoutMs, MonitorMetrics metrics) {
        this.store = store;
        this.timeoutMs = timeoutMs;
        this.metrics = metrics;
    }

    /** A message from {@code tasks:events}. */
    void taskEvent(JsonObject e) {
        long now = System.currentTimeMillis();
        String event = e.getString("event", "");
        if (event.equals("claimed")) {
            wait.add(now, e.getLong("waitMs", 0L));
        } else if (event.equals("completed") || event.equals("failed")) {
            run.add(now, e.getLong("runMs", 0L));
        }
        metrics.event(e);
    }

    /** A message from {@code workers:heartbeat}. */
    void heartbeat(JsonObject w) {
        String id = w.getString("id");
        if (id != null) {
            workers.put(id, new JsonObject().put("id", id).put("inFlight", w.getInteger("inFlight", 0))
                    .put("processed", w.getLong("processed", 0L)).put("concurrency", w.getInteger("concurrency", 0))
                    .put("lastSeen", System.currentTimeMillis()));
        }
    }

    /** Workers heard from within the registry's TTL. */
    int liveWorkers() {
        dropSilentWorkers(System.currentTimeMillis());
        return workers.size();
    }

    /** The latest frame, or null before the first read. */
    JsonObject frame() {
        return frame;
    }

    /**
     * Reads Redis once and builds a new frame; fails after the Redis timeout. A read still going on from an earlier
     * call (one that timed out, with Redis slow) is joined rather than started again, so slow reads never pile up.
     */
    Future<JsonObject> refresh() {
        if (reading == null) {
            Future<List<QueueStats>> read = store.queues().compose(names -> BoundedFanout.map(names, store::stats));
            reading = read;
            read.onComplete(ar -> reading = null);
        }
        return reading.timeout(timeoutMs, TimeUnit.MILLISECONDS).map(all -> {
            frame = build(all, System.currentTimeMillis());
            return frame;
        });
    }

    private JsonObject build(List<QueueStats> stats, long now) {
        JsonObject queues = new JsonObject();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String name : new String[]{"submitted", "completed", "failed", "retried", "dead"}) {
            totals.put(name, 0L);
        }
        for (QueueStats q : stats) {
            metrics.queue(q);
            queues.put(q.queue(), new JsonObject()
                    .put("pending", q.count(TaskStatus.PENDING))
                    .put("scheduled", q.count(TaskStatus.SCHEDULED))
                    .put("processing", q.count(TaskStatus.PROCESSING))
                    .put("dead", q.count(TaskStatus.DEAD)));
            totals.replaceAll((name, sum) -> sum + q.total(name));
        }
        dropSilentWorkers(now);
        JsonArray workerList = new JsonArray();
        workers.values().forEach(workerList::add);
        return new JsonObject()
                .put("type", "stats")
                .put("ts", now)
                .put("queues", queues)
                .put("totals", new JsonObject(new LinkedHashMap<>(totals)))
                .put("rates", rates(now, totals))
                .put("latency", new JsonObject().put("waitMs", wait.summary(now)).put("runMs", run.summary(now)))
                .put("workers", workerList);
    }

    private JsonObject rates(long now, Map<String, Long> totals) {
        long[] sample = {now, totals.get("submitted"), totals.get("completed"), totals.get("failed")};
        history.addLast(sample);
        while (history.size() > 1 && history.peekFirst()[0] < now - RATE_WINDOW_MS) {
            history.removeFirst();
        }
        long[] oldest = history.peekFirst();
        double seconds = (now - oldest[0]) / 1000.0;
        return new JsonObject()
                .put("submittedPerSec", perSecond(sample[1] - oldest[1], seconds))
                .put("completedPerSec", perSecond(sample[2] - oldest[2], seconds))
                .put("failedPerSec", perSecond(sample[3] - oldest[3], seconds));
    }

    private static double perSecond(long delta, double seconds) {
        return seconds <= 0 || delta < 0 ? 0 : Math.round(delta / seconds * 10) / 10.0;
    }

    private void dropSilentWorkers(long now) {
        workers.values().removeIf(w -> w.getLong("lastSeen") < now - WorkerRegistry.TTL_MS);
    }
}
