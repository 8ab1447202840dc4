package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.TaskEvents;
import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes each lifecycle step on {@code tasks:events} for the monitor:
 * {@code {event, taskId, type, queue, workerId, attempt, waitMs, runMs, ts, error?}} with event one of
 * {@code claimed, completed, failed, retried, dead}. waitMs is how long the task was ready before this attempt
 * started; runMs how long the attempt ran (0 for claimed). The steps of one event-loop turn go out as one message
 * ({@link TaskEvents}), at most {@value #MAX_BATCH} to a message. Use from the worker's context only.
 */
final class Events {
    static final int MAX_BATCH = 500;

    static final String CLAIMED = "claimed";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String RETRIED = "retried";
    static final String DEAD = "dead";

    private final EventBus bus;
    private final Context context;
    private final String workerId;
    private List<JsonObject> pending = new ArrayList<>();

    Events(EventBus bus, Context context, String workerId) {
        this.bus = bus;
        this.context = context;
        this.workerId = workerId;
    }

    void publish(String event, Task task, long runMs, String error) {
        JsonObject body = new JsonObject()
                .put("event", event)
                .put("taskId", task.id())
                .put("type", task.type())
                .put("queue", task.queue())
                .put("workerId", workerId)
                .put("attempt", task.attempts())
                .put("waitMs", Math.max(0, task.startedAt() - task.runAt()))
                .put("runMs", runMs)
                .put("ts", System.currentTimeMillis());
        if (error != null) {
            body.put("error", error);
        }
        add(body);
    }

    /** A task the reaper took back from a worker that stopped renewing its lease. */
    void reaped(String taskId, String type, String queue, boolean dead) {
        JsonObject body = new JsonObject().put("taskId", taskId).put("type", type).put("queue", queue)
                .put("workerId", workerId).put("waitMs", 0).put("runMs", 0).put("ts", System.currentTimeMillis())
                .put("error", "lease expired");
        add(body.copy().put("event", FAILED));
        add(body.put("event", dead ? DEAD : RETRIED));
    }

    private void add(JsonObject step) {
        if (pending.isEmpty()) {
            context.runOnContext(v -> flush());
        }
        pending.add(step);
        if (pending.size() >= MAX_BATCH) {
            flush();
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<JsonObject> steps = pending;
        pending = new ArrayList<>();
        bus.publish(Addresses.TASKS_EVENTS, TaskEvents.batch(steps));
    }
}
