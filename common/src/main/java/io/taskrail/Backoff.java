package io.taskrail;

/**
 * Retry delays: exponential, capped, with jitter so that tasks failing together do not retry together.
 * The delay after the n-th failed attempt is {@code min(cap, min(cap, base * factor^(n-1)) * (1 + jitter * r))}
 * with r uniform in [0, 1). The fail script computes it, since only it knows the attempt count for sure.
 *
 * @param baseMs the delay after the first failure, in ms; default 1000
 * @param factor how much each further failure multiplies it; default 2
 * @param capMs  the longest delay, in ms; default one hour
 * @param jitter the largest random fraction added; 0 for none; default 0.25
 */
public record Backoff(long baseMs, double factor, long capMs, double jitter) {
    public static final Backoff DEFAULT = new Backoff(1_000, 2.0, 3_600_000, 0.25);

    public Backoff {
        if (baseMs < 0 || capMs < baseMs || factor < 1.0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= cap, factor >= 1 and jitter in [0, 1]");
        }
    }
}
