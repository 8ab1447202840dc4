package io.taskrail.redis;

import io.taskrail.TaskIds;
import io.taskrail.TaskStatus;

/**
 * The only place that spells Redis keys. Every key of a queue carries the hash tag {@code {queue}}, so that all of
 * a queue's keys share one Redis Cluster slot and one script can touch them together.
 *
 * <pre>
 * key                          type    holds
 * {p}:queues                   SET     every queue name ever enqueued to (the queue registry)
 * {p}:{q}:ready:{0..9}         LIST    pending task ids of one priority (0 is claimed first), FIFO; a cancelled task's
 *                                      id stays until a claim pops and skips it (see lua/includes/task.lua)
 * {p}:{q}:ready:info           HASH    count: the pending tasks in those lists; head:{0..9}: the position of a list's
 *                                      first entry counted from where the list began (for stable page cursors)
 * {p}:{q}:ready                ZSET    pending task ids of versions before 2026-11-23, drained by the claims
 * {p}:{q}:pending              HASH    id -> the packed fields of a ready task never claimed yet, which has no HASH of
 *                                      its own until then (a key per waiting task costs memory; see
 *                                      lua/includes/task.lua)
 * {p}:{q}:scheduled            ZSET    scheduled task ids (delayed, or waiting out a retry backoff); score = runAt
 * {p}:{q}:processing           ZSET    claimed task ids; score = lease deadline
 * {p}:{q}:completed            ZSET    completed task ids still retained; score = finishedAt
 * {p}:{q}:dead                 ZSET    dead letters; score = finishedAt (when it died)
 * {p}:{q}:cancelled            ZSET    cancelled task ids still retained; score = finishedAt
 * {p}:{q}:seq                  STRING  counter: fencing tokens
 * {p}:{q}:totals               HASH    running totals: submitted, completed, failed, retried, dead, cancelled,
 *                                      and submitted:{type} per type
 * {p}:{q}:t:{id}               HASH    one task, from its first claim (or when scheduled, or cancelled) on: its fields
 *                                      (see Task); expires after the retention once finished
 * {p}:{q}:idem:{key}           STRING  idempotency key: the id of the task first submitted with it
 * {p}:{workers}:live           ZSET    worker ids; score = last heartbeat (epoch ms)
 * {p}:{workers}:w:{id}         HASH    one worker's registration and counters; expires when heartbeats stop
 * </pre>
 * where {@code {p}} is the configured prefix (default {@code tr}) and {@code {q}} the queue name in braces.
 * Scripts receive whole keys in KEYS, and for per-task keys the prefix ({@link QueueKeys#taskPrefix()}) in ARGV.
 */
public final class RedisKeys {
    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** SET of every queue name. */
    public String queues() {
        return prefix + ":queues";
    }

    /** ZSET of worker ids by last heartbeat. Hash-tagged with the worker hashes, so one script updates both. */
    public String liveWorkers() {
        return prefix + ":{workers}:live";
    }

    /** What a worker id is appended to for its HASH key. */
    public String workerPrefix() {
        return prefix + ":{workers}:w:";
    }

    /** The keys of one queue. */
    public QueueKeys queue(String queue) {
        return new QueueKeys(prefix + ":{" + queue + "}:");
    }

    /** The HASH of the task with this id. */
    public String task(String taskId) {
        return queue(TaskIds.queueOf(taskId)).task(taskId);
    }

    /** The keys of one queue, all in the slot of its hash tag. */
    public static final class QueueKeys {
        private final String base;

        private QueueKeys(String base) {
            this.base = base;
        }

        /** What a priority is appended to for its LIST of ready ids, and "info" for their HASH of counts. */
        public String ready() {
            return base + "ready:";
        }

        /** The LIST of ready ids of this priority. */
        public String ready(int priority) {
            return ready() + priority;
        }

        /** The HASH of the ready lists' count and head positions. */
        public String readyInfo() {
            return ready() + "info";
        }

        /** HASH of the ready tasks not claimed before, packed; each moves to its own HASH when first claimed. */
        public String pending() {
            return base + "pending";
        }

        public String scheduled() {
            return base + "scheduled";
        }

        public String processing() {
            return base + "processing";
        }

        public String completed() {
            return base + "completed";
        }

        public String dead() {
            return base + "dead";
        }

        public String cancelled() {
            return base + "cancelled";
        }

        public String seq() {
            return base + "seq";
        }

        public String totals() {
            return base + "totals";
        }

        /** What a task id is appended to for its HASH key. */
        public String taskPrefix() {
            return base + "t:";
        }

        /** What an idempotency key is appended to for its STRING key. */
        public String idempotencyPrefix() {
            return base + "idem:";
        }

        public String task(String taskId) {
            return taskPrefix() + taskId;
        }

        public String idempotency(String idempotencyKey) {
            return idempotencyPrefix() + idempotencyKey;
        }

        /** The sorted set that holds the tasks of this status; pending ones are in lists instead ({@link #ready()}). */
        public String statusSet(TaskStatus status) {
            return switch (status) {
                case PENDING -> throw new IllegalArgumentException("pending tasks are held in the ready lists");
                case SCHEDULED -> scheduled();
                case PROCESSING -> processing();
                case COMPLETED -> completed();
                case DEAD -> dead();
                case CANCELLED -> cancelled();
            };
        }
    }
}
