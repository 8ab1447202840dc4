package io.taskrail.reliability;

import java.time.Duration;

/**
 * Short or full. {@code mvn verify} (and so CI) runs every scenario short: the same steps and the same checks, at a
 * size that takes seconds. {@code reliability/run.sh ... full=true} runs the lengths the reliability issue asks for
 * (a minute of chaos, ten minutes of soak, 20,000 tasks), whose results go in docs/RELIABILITY.md.
 */
final class Mode {
    private Mode() {
    }

    static boolean full() {
        return Boolean.getBoolean("reliability.full");
    }

    static String name() {
        return full() ? "full" : "short";
    }

    /** {@code shortValue} in the short mode, {@code fullValue} in the full one. */
    static int pick(int shortValue, int fullValue) {
        return full() ? fullValue : shortValue;
    }

    static Duration pick(Duration shortValue, Duration fullValue) {
        return full() ? fullValue : shortValue;
    }
}
