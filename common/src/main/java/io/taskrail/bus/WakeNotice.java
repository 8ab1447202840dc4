package io.taskrail.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * hung or cut off with the cluster not knowing yet (Hazelcast drops a member that stopped answering after a minute
 * without heartbeats), or too busy to answer. The event bus keeps picking such a worker in turn, so after a notice
 * nobody answered this sender tells every worker of that queue for {@value #TO_EVERY_AFTER_SILENCE_MS} ms, then tries
 * one worker again. Measured with 2 workers, one of them SIGSTOPped: without that, every second task waited 500 ms
 * to start, for as long as the worker stayed stopped.
 *
 * <p>One instance per sender (a producer's notifier, a worker); thread-safe.
 */
public final class WakeNotice {
    private static final Logger log = LoggerFactory.getLogger(WakeNotice.class);

    /** How long the worker picked has to answer before every worker is told instead. */
    public static final long REPLY_TIMEOUT_MS = 500;
    /** How long notices of a queue go to every worker after one that nobody answered. */
    public static final long TO_EVERY_AFTER_SILENCE_MS = 10_000;

    private final EventBus bus;
    private final DeliveryOptions wake;
    private final long toEveryForNanos;
    /** Per queue, until when (System.nanoTime) its notices go to every worker. */
    private final Map<String, Long> toEveryUntil = new ConcurrentHashMap<>();

    public WakeNotice(EventBus bus) {
        this(bus, REPLY_TIMEOUT_MS, TO_EVERY_AFTER_SILENCE_MS);
    }

    /** With other timings than the defaults (tests). */
    public WakeNotice(EventBus bus, long replyTimeoutMs, long toEveryAfterSilenceMs) {
        this.bus = bus;
        this.wake = new DeliveryOptions().setSendTimeout(replyTimeoutMs);
        this.toEveryForNanos = toEveryAfterSilenceMs * 1_000_000;
    }

    /** A producer's notice: {@code count} tasks of {@code queue} became ready. */
    public void send(String queue, int count) {
        pass(queue, count, 0, 0);
    }

    /**
     * A worker passes on {@code count} tasks it did not take; {@code misses} counts the workers the notice reached
     * that took none of it, {@code hops} the times it was passed.
     */
    public void pass(String queue, int count, int misses, int hops) {
        if (toEveryStill(queue)) {
            toEvery(queue, count);
            return;
        }
        JsonObject notice = new JsonObject().put("queue", queue).put("count", count);
        if (hops > 0) {
            notice.put("misses", misses).put("hops", hops);
        }
        bus.request(Addresses.wake(queue), notice, wake).onFailure(noAnswer -> {
            // No worker following the queue fails at once, and says nothing about the next notice.
            if (noAnswer instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT
                    && toEveryUntil.put(queue, System.nanoTime() + toEveryForNanos) == null) {
                log.warn("A worker of queue {} did not answer a notice within {} ms (hung, cut off or overloaded);"
                        + " telling every worker of it for the next {} ms", queue,
                        wake.getSendTimeout(), toEveryForNanos / 1_000_000);
            }
            toEvery(queue, count);
        });
    }

    /** Tells every worker at once, on {@link Addresses#TASKS_NEW}. */
    public void toEvery(String queue, int count) {
        bus.publish(Addresses.TASKS_NEW, new JsonObject().put("queue", queue).put("count", count));
    }

    private boolean toEveryStill(String queue) {
        Long until = toEveryUntil.get(queue);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until < 0) {
            return true;
        }
        toEveryUntil.remove(queue, until);
        return false;
    }
}
