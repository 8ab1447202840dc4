package io.taskrail.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Tells the workers of a queue that tasks are ready: point to point, to one worker of the queue
 * ({@link Addresses#wake}), which claims and passes on what its free slots cannot take; or, when no worker answers
 * within {@value #REPLY_TIMEOUT_MS} ms, to every worker on {@link Addresses#TASKS_NEW}.
 *
 * <p>Why not always to every worker: each idle worker that hears a notice runs a claim script, so N idle workers
 * ran N scripts per notice, N - 1 of them empty. With 20 idle workers of 10 slots and a notice per task at 500
 * tasks/s that was 245 Redis commands per task and Redis 45% busy, against 36 with one worker.
 *
 * <p>Why the fallback: nobody answers when no worker follows the queue yet (a new queue, which workers serving
 * every queue learn of on {@code tasks:new}), or when the worker picked is gone and the cluster has not noticed
 * (Hazelcast takes up to a minute to). Half the workers' one-second tick bounds the wait that costs.
 */
public final class WakeNotice {
    /** How long the worker picked has to answer before every worker is told instead. */
    public static final long REPLY_TIMEOUT_MS = 500;

    private static final DeliveryOptions WAKE = new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MS);

    private WakeNotice() {
    }

    /**
     * Sends {@code {queue, count, misses}} to one worker of {@code queue}; {@code misses} (0 from a producer) counts
     * the workers with no free slot the notice has passed.
     */
    public static void send(EventBus bus, String queue, int count, int misses) {
        JsonObject notice = new JsonObject().put("queue", queue).put("count", count);
        if (misses > 0) {
            notice.put("misses", misses);
        }
        bus.request(Addresses.wake(queue), notice, WAKE).onFailure(noAnswer -> bus.publish(Addresses.TASKS_NEW,
                new JsonObject().put("queue", queue).put("count", count)));
    }
}
