package io.taskrail.boot;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per period and counts the ones it holds back, for failures that repeat for every
 * request while they last (Redis down, say): the first is reported at once, then one line per period with the count.
 */
public final class LogThrottle {
    private final long periodMs;
    private final AtomicLong nextAllowedAt = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public LogThrottle(long periodMs) {
        this.periodMs = periodMs;
    }

    /**
     * Call where the line would be logged. Answers -1 when this one should be held back, else how many were held
     * back since the last one let through (and the caller logs it).
     */
    public long suppressedSinceLast() {
        long now = System.currentTimeMillis();
        long allowedAt = nextAllowedAt.get();
        if (now < allowedAt || !nextAllowedAt.compareAndSet(allowedAt, now + periodMs)) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }
}
