package io.taskrail.bench;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * How late this machine wakes a sleeping thread: sleeps of 0.5 ms, one after another, for a few seconds, and by how
 * much each overslept. Every submit -> start latency is a chain of such wake-ups (the producer's, Redis's, the
 * worker's), so their tail is the floor under a latency tail, and it differs a lot between machines: on 2026-12-04's
 * VM, idle, one sleep in a thousand overslept by 1 to 2.9 ms. Prints one line of percentiles in ms.
 *
 * <pre>java -cp bench.jar io.taskrail.bench.WakeUpDelay [seconds]</pre>
 */
public final class WakeUpDelay {
    private static final long SLEEP_NANOS = 500_000;

    private WakeUpDelay() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be above 0, not " + args[0]);
        }
        long end = System.nanoTime() + (long) (seconds * 1e9);
        double[] lateMs = new double[(int) (seconds * 1e9 / SLEEP_NANOS) + 1];
        int n = 0;
        while (n < lateMs.length && System.nanoTime() < end) {
            long t0 = System.nanoTime();
            LockSupport.parkNanos(SLEEP_NANOS);
            lateMs[n++] = Math.max(0, System.nanoTime() - t0 - SLEEP_NANOS) / 1e6;
        }
        double[] sorted = Arrays.copyOf(lateMs, n);
        Arrays.sort(sorted);
        System.out.printf("p50 %.3f, p99 %.3f, p99.9 %.3f, max %.3f ms over %d sleeps%n", at(sorted, 50),
                at(sorted, 99), at(sorted, 99.9), sorted[n - 1], n);
    }

    private static double at(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
