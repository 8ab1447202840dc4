package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.bus.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Publishes each lifecycle step on {@code tasks:events} for the monitor:
 * {@code {event, taskId, type, queue, workerId, attempt, waitMs, runMs, ts, error?}} with event one of
 * {@code claimed, completed, failed, retried, dead}. waitMs is how long the task was ready before this attempt
 * started; runMs how long the attempt ran (0 for claimed).
 */
final class Events {
    static final String CLAIMED = "claimed";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String RETRIED = "retried";
    static final String DEAD = "dead";

    private final EventBus bus;
    private final String workerId;

    Events(EventBus bus, String workerId) {
        this.bus = bus;
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
        bus.publish(Addresses.TASKS_EVENTS, body);
    }

    /** A task the reaper took back from a worker that stopped renewing its lease. */
    void reaped(String taskId, String type, String queue, boolean dead) {
        JsonObject body = new JsonObject().put("taskId", taskId).put("type", type).put("queue", queue)
                .put("workerId", workerId).put("waitMs", 0).put("runMs", 0).put("ts", System.currentTimeMillis())
                .put("error", "lease expired");
        bus.publish(Addresses.TASKS_EVENTS, body.copy().put("event", FAILED));
        bus.publish(Addresses.TASKS_EVENTS, body.put("event", dead ? DEAD : RETRIED));
    }
}
