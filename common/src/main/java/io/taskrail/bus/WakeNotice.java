package io.taskrail.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Tells the workers of a queue that tasks are ready: point to point, to one worker of the queue
 * ({@link Addresses#wake}), which claims and passes on what it does not take; or, when no worker answers within
 * {@value #REPLY_TIMEOUT_MS} ms, to every worker on {@link Addresses#TASKS_NEW}.
 *
 * <p>Why not always to every worker: each idle worker that hears a notice runs a claim script, so N idle workers
 * ran N scripts per notice, N - 1 of them empty. With 20 idle workers of 10 slots and a notice per task at 500
 * tasks/s that was 245-290 Redis commands per task and Redis 43-45% busy, against 36 with one worker.
 *
 * <p>Why the fallback: no worker may follow the queue (the request then fails at once), or the worker picked may be
 * gone with the cluster not knowing yet (Hazelcast takes up to a minute to notice), or too busy to answer; those
 * notices reach every worker after {@value #REPLY_TIMEOUT_MS} ms.
 */
public final class WakeNotice {
    /** How long the worker picked has to answer before every worker is told instead. */
    public static final long REPLY_TIMEOUT_MS = 500;

    private static final DeliveryOptions WAKE = new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MS);

    private WakeNotice() {
    }

    /** A producer's notice: {@code count} tasks of {@code queue} became ready. */
    public static void send(EventBus bus, String queue, int count) {
        pass(bus, queue, count, 0, 0);
    }

    /**
     * A worker passes on {@code count} tasks it did not take; {@code misses} counts the workers the notice reached
     * that took none of it, {@code hops} the times it was passed.
     */
    public static void pass(EventBus bus, String queue, int count, int misses, int hops) {
        JsonObject notice = new JsonObject().put("queue", queue).put("count", count);
        if (hops > 0) {
            notice.put("misses", misses).put("hops", hops);
        }
        bus.request(Addresses.wake(queue), notice, WAKE).onFailure(noAnswer -> toEvery(bus, queue, count));
    }

    /** Tells every worker at once, on {@link Addresses#TASKS_NEW}. */
    public static void toEvery(EventBus bus, String queue, int count) {
        bus.publish(Addresses.TASKS_NEW, new JsonObject().put("queue", queue).put("count", count));
    }
}
