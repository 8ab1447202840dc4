package io.taskrail.bench;

import io.taskrail.bus.Addresses;
import io.taskrail.bus.TaskEvents;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Counts the {@code completed} events the workers in this process publish, and waits for a count. */
final class CompletionCount {
    private long count;
    private long awaited = Long.MAX_VALUE;

    static CompletionCount listen(Vertx vertx) {
        CompletionCount completions = new CompletionCount();
        vertx.eventBus().<JsonObject>consumer(Addresses.TASKS_EVENTS, msg -> TaskEvents.forEach(msg.body(), event -> {
            if ("completed".equals(event.getString("event"))) {
                completions.increment();
            }
        })).completion().await();
        return completions;
    }

    synchronized long count() {
        return count;
    }

    /** Blocks until {@code target} tasks have completed in all; fails after {@code seconds}. */
    synchronized void await(long target, int seconds) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        awaited = target;
        try {
            while (count < target) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new IllegalStateException("not done within " + seconds + " s: " + (target - count)
                            + " left");
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            awaited = Long.MAX_VALUE;
        }
    }

    private synchronized void increment() {
        // Wakes the waiter once, at its target, not at every completion.
        if (++count == awaited) {
            notifyAll();
        }
    }
}
