package io.taskrail.boot;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One call per item, at most so many in flight, the answers in the items' order; the first failure fails the lot
 * (calls already started still finish). For the calls made per queue (stats, retrying every dead letter): all at
 * once, they queue ahead of every other call (a submission waits behind a thousand stats reads), and 20,000 queues
 * overflowed the Redis client's 8,192 waiting calls. Use from one context (an event loop): the calls' futures must
 * complete on it.
 */
public final class BoundedFanout<T, R> {
    /** Enough to keep the pool's connections busy, few enough that several requests at once still fit. */
    public static final int IN_FLIGHT = 16;

    private final List<T> items;
    private final Function<T, Future<R>> call;
    private final List<R> answers;
    private final Promise<List<R>> done = Promise.promise();
    private final long startNanos;
    private final long timeoutNanos;
    private int started;
    private int running;
    private int finished;
    private boolean starting;

    private BoundedFanout(List<T> items, Function<T, Future<R>> call, long startNanos, long timeoutNanos) {
        this.items = items;
        this.call = call;
        this.startNanos = startNanos;
        this.timeoutNanos = timeoutNanos;
        this.answers = new ArrayList<>(Collections.nCopies(items.size(), null));
    }

    public static <T, R> Future<List<R>> map(List<T> items, Function<T, Future<R>> call) {
        return start(items, call, System.nanoTime(), Long.MAX_VALUE);
    }

    /**
     * As {@link #map(List, Function)} over the items once they come, but no call starts once {@code timeoutMs} have
     * passed since this was called (the wait for the items counts): the lot then fails with a
     * {@link TimeoutException}. For a caller that gives up after that long (an HTTP request with the Redis timeout):
     * without it the calls went on after the answer had gone out, a few at a time through every queue, and each retry
     * of the request started another such run beside the last.
     */
    public static <T, R> Future<List<R>> map(Future<List<T>> items, Function<T, Future<R>> call, long timeoutMs) {
        long startNanos = System.nanoTime();
        return items.compose(list -> start(list, call, startNanos, TimeUnit.MILLISECONDS.toNanos(timeoutMs)));
    }

    private static <T, R> Future<List<R>> start(List<T> items, Function<T, Future<R>> call, long startNanos,
                                                long timeoutNanos) {
        if (items.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        BoundedFanout<T, R> fanout = new BoundedFanout<>(items, call, startNanos, timeoutNanos);
        fanout.startMore();
        return fanout.done.future();
    }

    private void startMore() {
        // A call that answers at once re-enters here from its callback; the loop already running starts the next.
        if (starting) {
            return;
        }
        starting = true;
        while (running < IN_FLIGHT && started < items.size() && !done.future().isComplete()) {
            if (System.nanoTime() - startNanos >= timeoutNanos) {
                done.tryFail(new TimeoutException("gave up after " + started + " of " + items.size() + " calls"));
                break;
            }
            int index = started++;
            running++;
            Future<R> answer;
            try {
                answer = call.apply(items.get(index));
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onComplete(ar -> {
                running--;
                if (ar.failed()) {
                    done.tryFail(ar.cause());
                    return;
                }
                answers.set(index, ar.result());
                if (++finished == items.size()) {
                    done.tryComplete(answers);
                } else {
                    startMore();
                }
            });
        }
        starting = false;
    }
}
