package io.taskrail.producer.http;

import io.taskrail.EnqueueResult;
import io.taskrail.InvalidTaskException;
import io.taskrail.NewTask;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Submission, lookup, listing and cancellation of tasks. */
public final class TaskRoutes {
    /** Told of every task accepted, with how soon it may run. */
    public interface Accepted {
        void accepted(String queue, TaskStatus status, long runInMs);
    }

    private final TaskStore store;
    private final Clock clock;
    private final long timeoutMs;
    private final Accepted accepted;
    private final TaskListing listing;

    public TaskRoutes(TaskStore store, Clock clock, long timeoutMs, Accepted accepted) {
        this.store = store;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
        this.accepted = accepted;
        this.listing = new TaskListing(store);
    }

    /** {@code POST /tasks}: 202 {@code {taskId, status, queue}} with {@code Location: /tasks/{taskId}}. */
    public void submit(RoutingContext ctx) {
        NewTask task = Requests.storable(NewTask.fromJson(Requests.jsonObject(ctx), clock.millis()));
        timed(store.enqueue(task)).onSuccess(result -> {
            announce(task, result);
            ctx.response().putHeader("Location", "/tasks/" + result.taskId());
            Requests.json(ctx, 202, new JsonObject().put("taskId", result.taskId())
                    .put("status", result.status().wireName()).put("queue", task.queue()));
        }).onFailure(ctx::fail);
    }

    /** {@code POST /tasks/batch}: {@code {tasks: [...]}}, at most 1,000, all or nothing; 202 {@code {taskIds}}. */
    public void submitBatch(RoutingContext ctx) {
        Object tasks = Requests.jsonObject(ctx).getValue("tasks");
        if (!(tasks instanceof JsonArray array)) {
            throw new InvalidTaskException("tasks", "tasks must be an array of task objects");
        }
        if (array.isEmpty() || array.size() > TaskStore.MAX_BATCH) {
            throw new InvalidTaskException("tasks", "a batch holds 1 to " + TaskStore.MAX_BATCH + " tasks, not "
                    + array.size());
        }
        long now = clock.millis();
        List<NewTask> batch = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject json)) {
                throw new InvalidTaskException("tasks[" + i + "]", "tasks[" + i + "] must be a JSON object");
            }
            try {
                batch.add(Requests.storable(NewTask.fromJson(json, now)));
            } catch (InvalidTaskException e) {
                throw new InvalidTaskException("tasks[" + i + "]." + e.field(), "tasks[" + i + "]: " + e.getMessage());
            }
        }
        timed(store.enqueueAll(batch)).onSuccess(results -> {
            JsonArray ids = new JsonArray();
            for (int i = 0; i < results.size(); i++) {
                announce(batch.get(i), results.get(i));
                ids.add(results.get(i).taskId());
            }
            Requests.json(ctx, 202, new JsonObject().put("taskIds", ids));
        }).onFailure(ctx::fail);
    }

    /** {@code GET /tasks/:id}: the task, or 404. */
    public void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        timed(store.get(id)).onSuccess(task -> {
            if (task == null) {
                ctx.fail(ApiException.notFound("task " + id + " not found"));
            } else {
                Requests.json(ctx, 200, task.toJson());
            }
        }).onFailure(ctx::fail);
    }

    /** {@code GET /tasks?status=&type=&queue=&limit=&cursor=}: {@code {tasks, cursor}}. */
    public void list(RoutingContext ctx) {
        String statusParam = ctx.request().getParam("status");
        TaskStatus status = null;
        if (statusParam != null && !statusParam.isEmpty()) {
            status = TaskStatus.fromWire(statusParam);
            if (status == null) {
                throw ApiException.badRequest("status must be one of pending, scheduled, processing, completed, "
                        + "dead, cancelled");
            }
        }
        timed(listing.page(status, Requests.name(ctx, "queue"), Requests.name(ctx, "type"), Requests.limit(ctx),
                Requests.cursor(ctx))).onSuccess(page -> Requests.page(ctx, page)).onFailure(ctx::fail);
    }

    /** {@code DELETE /tasks/:id}: cancels a pending or scheduled task; 409 when it is processing or finished. */
    public void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        timed(store.cancel(id)).onSuccess(v -> Requests.json(ctx, 200,
                new JsonObject().put("taskId", id).put("status", TaskStatus.CANCELLED.wireName())))
                .onFailure(ctx::fail);
    }

    private void announce(NewTask task, EnqueueResult result) {
        if (result.created()) {
            accepted.accepted(task.queue(), result.status(), Math.max(0, task.runAt() - clock.millis()));
        }
    }

    private <T> Future<T> timed(Future<T> call) {
        return call.timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
