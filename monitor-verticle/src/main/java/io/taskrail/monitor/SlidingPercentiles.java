package io.taskrail.monitor;

import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Percentiles of the samples seen in the last {@code windowMs}, keeping at most {@code capacity} of them (the
 * oldest go first), so memory stays bounded whatever the task rate. Not thread-safe: use it on one event loop.
 */
final class SlidingPercentiles {
    private final long windowMs;
    private final int capacity;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    SlidingPercentiles(long windowMs, int capacity) {
        this.windowMs = windowMs;
        this.capacity = capacity;
    }

    void add(long nowMs, long value) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(new long[]{nowMs, value});
    }

    /** {@code {p50, p95, p99}} of the samples in the window; zeros when there are none. */
    JsonObject summary(long nowMs) {
        while (!samples.isEmpty() && samples.peekFirst()[0] < nowMs - windowMs) {
            samples.removeFirst();
        }
        long[] values = samples.stream().mapToLong(s -> s[1]).toArray();
        Arrays.sort(values);
        return new JsonObject().put("p50", at(values, 0.50)).put("p95", at(values, 0.95)).put("p99", at(values, 0.99));
    }

    private static long at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
