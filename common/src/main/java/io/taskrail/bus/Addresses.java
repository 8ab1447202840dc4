package io.taskrail.bus;

/**
 * The clustered event-bus addresses, the only place they are spelled. Each message is a JSON object (on
 * {@code tasks:events}, as JSON text); its shape is documented here and in the class that sends it.
 */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Tasks became ready, to every worker: {@code {"queue": "email", "count": 12}}, where count is how many tasks the
     * notice covers (at least 1). Sent here: a producer's first notice of each queue (workers serving every queue
     * learn of new queues here), a notice to one worker that nobody answered ({@link WakeNotice}), and what a worker
     * passes on when it is more than the worker's own slots. A worker with free slots starts a claim round at once (or
     * when the one under way ends).
     */
    public static final String TASKS_NEW = "tasks:new";

    /**
     * Sent point to point (request/reply) to one worker that serves the queue ({@link WakeNotice}):
     * {@code {"queue", "count", "misses"?, "hops"?}}, count as on {@link #TASKS_NEW}. The worker answers at once
     * (a null body), claims, and passes on what it did not take to another worker of the queue; misses and hops
     * bound how far a notice goes (see the worker's {@code WakeUps}).
     */
    public static String wake(String queue) {
        return "tasks:wake:" + queue;
    }

    /**
     * Published by workers, for the monitor: the lifecycle steps of one event-loop turn as JSON text,
     * {@code {"events": [step, ...]}} (written by {@link TaskEventBatch}, read by {@link TaskEvents}), each step
     * {@code {"event": "claimed|completed|failed|retried|dead", "taskId", "type", "queue", "workerId", "attempt"?,
     * "waitMs", "runMs", "ts", "error"?}}; attempt is left out when it is not known (steps taken by the reaper).
     */
    public static final String TASKS_EVENTS = "tasks:events";

    /** Published by workers every few seconds: the {@code WorkerInfo} JSON. */
    public static final String WORKERS_HEARTBEAT = "workers:heartbeat";
}
