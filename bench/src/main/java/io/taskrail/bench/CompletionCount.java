package io.taskrail.bench;

import io.taskrail.bus.Addresses;
import io.taskrail.bus.TaskEventBatch;
import io.vertx.core.Vertx;

/** Counts the {@code completed} events the workers in this process publish, and waits for a count. */
final class CompletionCount {
    private static final String COMPLETED = "\"event\":\"completed\"";
    private long count;
    private long awaited = Long.MAX_VALUE;

    static CompletionCount listen(Vertx vertx) {
        CompletionCount completions = new CompletionCount();
        vertx.eventBus().<String>consumer(Addresses.TASKS_EVENTS, msg -> completions.add(completedSteps(msg.body())))
                .completion().await();
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

    /**
     * The completed steps in a message of this version's workers ({@link TaskEventBatch}'s text), counted in the
     * text: this JVM also runs the worker under test, and parsing every message into JSON objects here would cost it
     * CPU that BullMQ's side (an in-process 'completed' listener) does not pay.
     */
    private static int completedSteps(String message) {
        int steps = 0;
        for (int at = message.indexOf(COMPLETED); at >= 0; at = message.indexOf(COMPLETED, at + COMPLETED.length())) {
            steps++;
        }
        return steps;
    }

    private synchronized void add(int completed) {
        long before = count;
        count += completed;
        // Wakes the waiter once, at its target, not at every completion.
        if (before < awaited && count >= awaited) {
            notifyAll();
        }
    }
}
