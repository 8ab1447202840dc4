package io.taskrail;

import java.util.Locale;

/**
 * Where a task is in its lifecycle. Each status maps to one sorted set of its queue (see
 * {@code io.taskrail.redis.RedisKeys}); a task is in exactly one of them at any time.
 *
 * <p>The transitions, each one Lua script (see the README for the diagram):
 * <table>
 *   <caption>transitions</caption>
 *   <tr><th>from</th><th>to</th><th>by</th></tr>
 *   <tr><td>(new)</td><td>PENDING or SCHEDULED</td><td>enqueue: SCHEDULED when runAt is in the future</td></tr>
 *   <tr><td>SCHEDULED</td><td>PENDING</td><td>promote, when runAt is due</td></tr>
 *   <tr><td>PENDING</td><td>PROCESSING</td><td>claim: takes a lease and a fencing token</td></tr>
 *   <tr><td>PROCESSING</td><td>COMPLETED</td><td>ack, with the lease's token</td></tr>
 *   <tr><td>PROCESSING</td><td>SCHEDULED or DEAD</td><td>fail: backoff while attempts are left, else dead</td></tr>
 *   <tr><td>PROCESSING</td><td>PENDING or DEAD</td><td>reap of an expired lease (the attempt counts)</td></tr>
 *   <tr><td>PROCESSING</td><td>PENDING</td><td>release, at graceful shutdown (the attempt does not count)</td></tr>
 *   <tr><td>PENDING or SCHEDULED</td><td>CANCELLED</td><td>cancel</td></tr>
 *   <tr><td>DEAD</td><td>PENDING</td><td>retry of a dead letter (attempts start again)</td></tr>
 * </table>
 */
public enum TaskStatus {
    /** Ready to run: in its queue's ready lists, ordered by priority, then FIFO. */
    PENDING,
    /** Waiting for its runAt: delayed at submission, or waiting out a retry backoff. */
    SCHEDULED,
    /** Claimed by a worker that holds its lease. */
    PROCESSING,
    /** Acked with a result; the data expires after the retention period. */
    COMPLETED,
    /** Out of attempts (or failed without retry); kept in the dead-letter set until retried or purged. */
    DEAD,
    /** Cancelled before it ran; the data expires after the retention period. */
    CANCELLED;

    /** The lowercase name used in JSON, in Redis and in URLs. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; {@code null} when the name is unknown. */
    public static TaskStatus fromWire(String name) {
        if (name == null) {
            return null;
        }
        for (TaskStatus status : values()) {
            if (status.wireName().equalsIgnoreCase(name)) {
                return status;
            }
        }
        return null;
    }
}
