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
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
