package io.taskrail.reliability;

import java.time.Duration;

/**
 * Lets a scenario phase run for its length (load flowing, Redis down, a partition held): the point is the time
 * itself, not an outcome to wait for, which is what {@code Poll} is for.
 */
final class Phase {
    /** How often a scenario checks for an outcome: each check is a round of HTTP or Redis requests. */
    static final Duration CHECK = Duration.ofMillis(100);

    private Phase() {
    }

    static void hold(Duration length) {
        try {
            Thread.sleep(length.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during a scenario phase");
        }
    }
}
