package io.taskrail.bus;

/**
 * The clustered event-bus addresses, the only place they are spelled. Each message is a JSON object (on
 * {@code tasks:events}, as JSON text); its shape is documented here and in the class that sends it.
 */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Tasks became ready: {@code {"queue": "email", "count": 12}}, where count is how many tasks the notice covers
     * (at least 1). Producers send it point to point, to one worker of the queue ({@link #wake}); it is published
     * here, to every worker, only when no worker answered that (none follows the queue yet, or the one picked is
     * gone; see {@link WakeNotice}). Workers with free slots claim from that queue at once; those serving every queue learn of new queues
     * here too.
     */
    public static final String TASKS_NEW = "tasks:new";

    /**
     * Sent point to point (request/reply) to one worker that serves the queue: {@code {"queue", "count", "misses"?}},
     * count as on {@link #TASKS_NEW}. The worker replies at once (an empty body), claims, and sends on what its free
     * slots do not cover, so that a notice wakes as many idle workers as its tasks need rather than all of them;
     * misses counts the workers it passed with no free slot (see {@link WakeNotice}).
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
