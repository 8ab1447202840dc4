package io.taskrail;

import io.taskrail.store.impl.RedisTaskStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;

import java.time.Clock;
import java.util.List;

/**
 * The store of record: every task and every transition of its lifecycle, kept in Redis. Each transition is one
 * atomic Lua script run in one round trip, so a crash between two commands can neither lose a task nor run it
 * twice. Every method returns at once; none blocks the calling thread.
 *
 * <p>Transitions the task's state refuses fail the future with {@link TaskStateException}. Everything else
 * (a Redis that cannot be reached, say) fails it with the client's own exception.
 *
 * <p>Time comes from the {@link Clock} given at creation and is passed into the scripts as "now", so tests can move
 * it; only key expiry (retention) runs on Redis's own clock.
 */
public interface TaskStore {

    /** A store on this Redis client, with the system clock. Call {@link #init()} before use. */
    static TaskStore create(Redis redis, StoreOptions options) {
        return create(redis, options, Clock.systemUTC());
    }

    /** A store on this Redis client, reading "now" from {@code clock}. Call {@link #init()} before use. */
    static TaskStore create(Redis redis, StoreOptions options, Clock clock) {
        return new RedisTaskStore(redis, options, clock);
    }

    /** Loads the Lua scripts into Redis. Scripts Redis later forgets (after a restart) are loaded again on demand. */
    Future<Void> init();

    /**
     * Stores a task; see {@link #enqueueAll(List)}. The single enqueues one Vert.x context makes within one turn of
     * its event loop go to Redis in one call, each with its own answer.
     */
    Future<EnqueueResult> enqueue(NewTask task);

    /**
     * Stores up to {@value #MAX_BATCH} tasks in one script: all or nothing. Each goes to its queue's ready lists, or to
     * its scheduled set when its runAt is in the future. A task whose idempotency key is already known stores
     * nothing and answers with the first task's id. Tasks of several queues are atomic together on a single Redis
     * server; on Redis Cluster a batch must keep to one queue.
     */
    Future<List<EnqueueResult>> enqueueAll(List<NewTask> tasks);

    int MAX_BATCH = 1_000;

    /**
     * Claims up to {@code max} ready tasks of one queue, highest priority first, then oldest first, and first makes
     * ready the scheduled tasks that came due. Each claimed task is processing under a lease that ends at
     * now + {@code leaseMs}, with a fresh fencing token ({@link Task#leaseToken()}) that later calls must present.
     *
     * @return the claimed tasks, possibly none
     */
    Future<List<Task>> claim(String queue, String workerId, int max, long leaseMs);

    /** Completes a task whose lease the caller holds, storing its result. The data expires after the retention. */
    Future<Void> ack(String taskId, long leaseToken, JsonObject result);

    /** Acks many tasks, one script per queue. Each is acked or refused on its own. */
    Future<List<AckOutcome>> ackAll(List<Completion> completions);

    /**
     * Records a failed attempt of a task whose lease the caller holds. While attempts are left and the error is
     * retryable, the task is scheduled again after the {@link Backoff} delay; otherwise it goes to the dead-letter
     * set with this error.
     *
     * @return {@link TaskStatus#SCHEDULED} or {@link TaskStatus#DEAD}
     */
    Future<TaskStatus> fail(String taskId, long leaseToken, String error, boolean retryable);

    /** Extends the lease of a task the caller holds to now + {@code leaseMs}; answers the new deadline. */
    Future<Long> extend(String taskId, long leaseToken, long leaseMs);

    /** Gives a claimed task back to the front of its priority's ready list, its attempt not counted. */
    Future<Void> release(String taskId, long leaseToken);

    /** Cancels a pending or scheduled task; refuses processing and finished ones with {@link StoreError#WRONG_STATE}. */
    Future<Void> cancel(String taskId);

    /**
     * Takes back up to {@code limit} tasks of the queue whose lease has expired: to ready, their attempt counted, or
     * to dead when their attempts are spent. Idempotent; any number of workers may run it at once.
     */
    Future<List<Reaped>> reap(String queue, int limit);

    /** Makes ready up to {@code limit} scheduled tasks whose runAt has come; answers how many. Idempotent. */
    Future<Integer> promote(String queue, int limit);

    /** The task with this id, or null when there is none (never was, or expired). */
    Future<Task> get(String taskId);

    /** One page of tasks in one status. Reads only the status's sorted set: no KEYS, no SCAN. */
    Future<TaskPage> list(TaskQuery query);

    /** Moves a dead task back to ready with its attempts reset; its data no longer expires. */
    Future<Void> retryDead(String taskId);

    /** Retries every dead task of the queue (in chunks, so no script runs long); answers how many. */
    Future<Long> retryAllDead(String queue);

    /** Deletes one dead task for good. */
    Future<Void> deleteDead(String taskId);

    /** Deletes every dead task of the queue (in chunks); answers how many. */
    Future<Long> purgeDead(String queue);

    /** Counts and running totals of one queue, in one round trip. */
    Future<QueueStats> stats(String queue);

    /** Every queue a task was ever enqueued to, in name order. */
    Future<List<String>> queues();
}
