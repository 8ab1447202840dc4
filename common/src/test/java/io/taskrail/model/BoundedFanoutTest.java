package io.taskrail.model;

import io.taskrail.boot.BoundedFanout;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedFanoutTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void answersInOrderWithAtMostSoManyCallsInFlight() {
        List<Integer> items = IntStream.range(0, 1_000).boxed().toList();
        int[] inFlight = {0};
        int[] most = {0};

        List<Integer> answers = on(() -> BoundedFanout.map(items, n -> {
            inFlight[0]++;
            most[0] = Math.max(most[0], inFlight[0]);
            Promise<Integer> answer = Promise.promise();
            // Answers come later, and out of order.
            vertx.setTimer(1 + n % 3, id -> {
                inFlight[0]--;
                answer.complete(n * 2);
            });
            return answer.future();
        })).await();

        assertEquals(IntStream.range(0, 1_000).map(n -> n * 2).boxed().toList(), answers);
        assertEquals(BoundedFanout.IN_FLIGHT, most[0]);
    }

    @Test
    void callsThatAnswerAtOnceDoNotNestWithoutBound() {
        // 100,000 answered at once: each callback starting the next call would overflow the stack.
        List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
        List<Integer> answers = on(() -> BoundedFanout.map(items, n -> Future.succeededFuture(n + 1))).await();
        assertEquals(100_000, answers.size());
        assertEquals(100_000, answers.get(99_999));
    }

    @Test
    void theFirstFailureFailsTheLotAndNoFurtherCallsStart() {
        List<Integer> started = new ArrayList<>();
        Future<List<Integer>> all = on(() -> BoundedFanout.map(IntStream.range(0, 100).boxed().toList(), n -> {
            started.add(n);
            return n == 20 ? Future.failedFuture(new IllegalStateException("queue 20 failed"))
                    : Future.succeededFuture(n);
        }));
        IllegalStateException failed = assertThrows(IllegalStateException.class, all::await);
        assertEquals("queue 20 failed", failed.getMessage());
        assertTrue(started.size() <= 21, "started " + started.size());
        assertEquals(List.of(), on(() -> BoundedFanout.map(List.<Integer>of(), Future::succeededFuture)).await());
    }

    @Test
    void noCallStartsOnceTheTimeoutHasPassed() {
        // A caller that gave up (an HTTP request answered 503) must not leave the calls going on through every queue.
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Future<List<Integer>> items = Future.succeededFuture(IntStream.range(0, 1_000).boxed().toList());
        Future<List<Integer>> all = on(() -> BoundedFanout.map(items, n -> {
            started.incrementAndGet();
            Promise<Integer> answer = Promise.promise();
            vertx.setTimer(20, id -> {
                finished.incrementAndGet();
                answer.complete(n);
            });
            return answer.future();
        }, 50));

        // 1,000 calls of 20 ms, 16 at a time, take more than a second; the lot gives up at the first start after 50 ms.
        Throwable cause = all.transform(ar -> Future.succeededFuture(ar.cause())).await();
        assertInstanceOf(TimeoutException.class, cause);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (finished.get() < started.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
        assertEquals(started.get(), finished.get(), "the calls already started finish");
        assertTrue(started.get() < 100, "started " + started.get() + " of 1,000");
    }

    @Test
    void theWaitForTheItemsCountsTowardsTheTimeout() {
        // The caller's clock starts before the items (the queue names) come: calls started after they arrive late
        // would go on after the caller had given up.
        AtomicInteger started = new AtomicInteger();
        Promise<List<Integer>> items = Promise.promise();
        Future<List<Integer>> all = on(() -> BoundedFanout.map(items.future(), n -> {
            started.incrementAndGet();
            return Future.succeededFuture(n);
        }, 50));
        on(() -> {
            vertx.setTimer(100, id -> items.complete(List.of(1, 2, 3)));
            return Future.succeededFuture();
        }).await();

        Throwable cause = all.transform(ar -> Future.succeededFuture(ar.cause())).await();
        assertInstanceOf(TimeoutException.class, cause);
        assertEquals(0, started.get());
    }

    /** Runs on the context, as the services do, and hands back what it returned. */
    private <T> Future<T> on(Callable<Future<T>> action) {
        return Future.<Future<T>>future(p -> context.runOnContext(v -> {
            try {
                p.complete(action.call());
            } catch (Exception e) {
                p.fail(e);
            }
        })).compose(f -> f);
    }
}
