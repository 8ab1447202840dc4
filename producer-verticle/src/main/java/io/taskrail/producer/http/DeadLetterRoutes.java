package io.taskrail.producer.http;

import io.taskrail.TaskQuery;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.boot.BoundedFanout;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The dead-letter set: list, retry and delete, one task or every one (of a {@code ?queue=}, or of all queues). */
public final class DeadLetterRoutes {
    /** Retry-all and purge may walk many chunks; they get more time than a single call. */
    private static final long BULK_TIMEOUT_FACTOR = 10;

    private final TaskStore store;
    private final long timeoutMs;

    public DeadLetterRoutes(TaskStore store, long timeoutMs) {
        this.store = store;
        this.timeoutMs = timeoutMs;
    }

    /** {@code GET /dead?queue=&limit=&cursor=}: {@code {tasks, cursor}}, oldest death first. */
    public void list(RoutingContext ctx) {
        TaskQuery query = new TaskQuery(TaskStatus.DEAD, Requests.name(ctx, "queue"), Requests.name(ctx, "type"),
                Requests.limit(ctx), Requests.cursor(ctx));
        store.list(query).timeout(timeoutMs, TimeUnit.MILLISECONDS).onSuccess(page -> Requests.page(ctx, page))
                .onFailure(ctx::fail);
    }

    /** {@code POST /dead/:id/retry}: back to pending with its attempts reset. */
    public void retry(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        store.retryDead(id).timeout(timeoutMs, TimeUnit.MILLISECONDS).onSuccess(v -> Requests.json(ctx, 200,
                new JsonObject().put("taskId", id).put("status", TaskStatus.PENDING.wireName())))
                .onFailure(ctx::fail);
    }

    /** {@code POST /dead/retry?queue=}: {@code {retried: n}}. */
    public void retryAll(RoutingContext ctx) {
        eachQueue(ctx, store::retryAllDead).onSuccess(n -> Requests.json(ctx, 200, new JsonObject().put("retried", n)))
                .onFailure(ctx::fail);
    }

    /** {@code DELETE /dead/:id}: deletes one dead task for good. */
    public void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        store.deleteDead(id).timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .onSuccess(v -> Requests.json(ctx, 200, new JsonObject().put("deleted", id)))
                .onFailure(ctx::fail);
    }

    /** {@code DELETE /dead?queue=}: {@code {purged: n}}. */
    public void purge(RoutingContext ctx) {
        eachQueue(ctx, store::purgeDead).onSuccess(n -> Requests.json(ctx, 200, new JsonObject().put("purged", n)))
                .onFailure(ctx::fail);
    }

    /** Runs {@code action} on the {@code ?queue=} given, or on every queue; answers the sum. */
    private Future<Long> eachQueue(RoutingContext ctx, Function<String, Future<Long>> action) {
        String queue = Requests.name(ctx, "queue");
        Future<List<String>> queues = queue != null ? Future.succeededFuture(List.of(queue)) : store.queues();
        return BoundedFanout.map(queues, action, timeoutMs * BULK_TIMEOUT_FACTOR)
                .map(all -> {
                    long sum = 0;
                    for (int i = 0; i < all.size(); i++) {
                        sum += all.get(i);
                    }
                    return sum;
                })
                .timeout(timeoutMs * BULK_TIMEOUT_FACTOR, TimeUnit.MILLISECONDS);
    }
}
