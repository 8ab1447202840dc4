package io.taskrail.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an outcome against a deadline, instead of sleeping and hoping. */
public final class Poll {
    private Poll() {
    }

    /** Checks {@code condition} every few ms until it holds; fails with {@code what} when the deadline passes. */
    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        every(Duration.ofMillis(5), deadline, what, condition);
    }

    /** As {@link #until}, checking only every {@code interval}: for conditions that cost a round of requests. */
    public static void every(Duration interval, Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
        }
    }
}
