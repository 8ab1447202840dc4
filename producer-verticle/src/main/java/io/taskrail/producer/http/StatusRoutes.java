package io.taskrail.producer.http;

import io.taskrail.QueueStats;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.WorkerInfo;
import io.taskrail.WorkerRegistry;
import io.taskrail.boot.BoundedFanout;
import io.taskrail.boot.Health;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code /stats}, {@code /workers} and {@code /health}. */
public final class StatusRoutes {
    private final Health health;
    private final TaskStore store;
    private final WorkerRegistry workers;
    private final long timeoutMs;

    public StatusRoutes(Vertx vertx, Redis redis, TaskStore store, WorkerRegistry workers, long timeoutMs) {
        this.health = new Health(vertx, redis, timeoutMs);
        this.store = store;
        this.workers = workers;
        this.timeoutMs = timeoutMs;
    }

    /**
     * {@code GET /stats}: {@code {queues: {name: {counts, totals}}, counts: {status: n}, totals: {name: n}}}, the
     * last two summed over every queue. One round trip per queue, a few at a time.
     */
    public void stats(RoutingContext ctx) {
        BoundedFanout.map(store.queues(), store::stats, timeoutMs)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .onSuccess(all -> {
                    JsonObject queues = new JsonObject();
                    long[] counts = new long[TaskStatus.values().length];
                    long[] totals = new long[QueueStats.TOTALS.length];
                    for (int i = 0; i < all.size(); i++) {
                        QueueStats q = all.get(i);
                        JsonObject json = q.toJson();
                        json.remove("queue");
                        queues.put(q.queue(), json);
                        for (TaskStatus s : TaskStatus.values()) {
                            counts[s.ordinal()] += q.count(s);
                        }
                        for (int t = 0; t < totals.length; t++) {
                            totals[t] += q.total(QueueStats.TOTALS[t]);
                        }
                    }
                    JsonObject countJson = new JsonObject();
                    for (TaskStatus s : TaskStatus.values()) {
                        countJson.put(s.wireName(), counts[s.ordinal()]);
                    }
                    JsonObject totalJson = new JsonObject();
                    for (int t = 0; t < totals.length; t++) {
                        totalJson.put(QueueStats.TOTALS[t], totals[t]);
                    }
                    Requests.json(ctx, 200, new JsonObject().put("queues", queues).put("counts", countJson)
                            .put("totals", totalJson));
                }).onFailure(ctx::fail);
    }

    /** {@code GET /workers}: {@code {workers: [...]}}, the workers that heartbeat in the last 15 s. */
    public void workers(RoutingContext ctx) {
        workers.live().timeout(timeoutMs, TimeUnit.MILLISECONDS).onSuccess((List<WorkerInfo> live) -> {
            JsonArray list = new JsonArray();
            live.forEach(w -> list.add(w.toJson()));
            Requests.json(ctx, 200, new JsonObject().put("workers", list));
        }).onFailure(ctx::fail);
    }

    /**
     * {@code GET /health}: 200 {@code {status: "UP", redis: {...}, cluster: {...}}} when Redis answers PING and the
     * node is in its cluster (or runs standalone); 503 with {@code status: "DOWN"} and the reason otherwise.
     */
    public void health(RoutingContext ctx) {
        health.check().onSuccess(state -> Requests.json(ctx, Health.isUp(state) ? 200 : 503, state));
    }
}
