package io.taskrail.bus;

/**
 * The clustered event-bus addresses, the only place they are spelled. Each message is a JSON object (on
 * {@code tasks:events}, as JSON text); its shape is documented here and in the class that sends it.
 */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Published by producers when tasks became ready, coalesced per queue (see {@code NewTaskNotifier}):
     * {@code {"queue": "email", "count": 12}}, where count is how many tasks the notice covers (at least 1).
     * Workers with free slots claim from that queue at once.
     */
    public static final String TASKS_NEW = "tasks:new";

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
