package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.TaskEventBatch;
import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;

/**
 * Publishes each lifecycle step on {@code tasks:events} for the monitor:
 * {@code {event, taskId, type, queue, workerId, attempt?, waitMs, runMs, ts, error?}} with event one of
 * {@code claimed, completed, failed, retried, dead}. waitMs is how long the task was ready before this attempt
 * started; runMs how long the attempt ran (0 for claimed). The steps of one event-loop turn go out as one message
 * ({@link TaskEventBatch}), at most {@value #MAX_BATCH} to a message. Use from the worker's context only.
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
    private TaskEventBatch pending = new TaskEventBatch();

    Events(EventBus bus, Context context, String workerId) {
        this.bus = bus;
        this.context = context;
        this.workerId = workerId;
    }

    void publish(String event, Task task, long runMs, String error) {
        batch().add(event, task.id(), task.type(), task.queue(), workerId, task.attempts(),
                Math.max(0, task.startedAt() - task.runAt()), runMs, System.currentTimeMillis(), error);
        flushIfFull();
    }

    /** A task the reaper took back from a worker that stopped renewing its lease. */
    void reaped(String taskId, String type, String queue, boolean dead) {
        long now = System.currentTimeMillis();
        batch().add(FAILED, taskId, type, queue, workerId, 0, 0, 0, now, "lease expired");
        flushIfFull();
        batch().add(dead ? DEAD : RETRIED, taskId, type, queue, workerId, 0, 0, 0, now, "lease expired");
        flushIfFull();
    }

    /** This turn's batch; its first step schedules the flush at the turn's end. */
    private TaskEventBatch batch() {
        if (pending.size() == 0) {
            context.runOnContext(v -> flush());
        }
        return pending;
    }

    private void flushIfFull() {
        if (pending.size() >= MAX_BATCH) {
            flush();
        }
    }

    private void flush() {
        if (pending.size() == 0) {
            return;
        }
        String message = pending.toMessage();
        pending = new TaskEventBatch();
        bus.publish(Addresses.TASKS_EVENTS, message);
    }
}
