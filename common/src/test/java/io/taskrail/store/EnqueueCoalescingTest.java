package io.taskrail.store;

import io.taskrail.EnqueueResult;
import io.taskrail.NewTask;
import io.taskrail.QueueFullException;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.testing.CommandStats;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single enqueues made in one event-loop turn go to Redis in one script call, each with its own answer. */
class EnqueueCoalescingTest extends StoreFixture {
    private static final int MAX_PENDING = 5;

    @Override
    protected StoreOptions options() {
        return new StoreOptions().setMaxPendingPerQueue(MAX_PENDING);
    }

    @Test
    void enqueuesOfOneTurnAreOneScriptCallAndKeepTheirOrder() {
        // The queue is registered first (a script call of its own, made again only every few seconds).
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task first = store.claim("default", "w", 1, 30_000).await().get(0);
        store.ack(first.id(), first.leaseToken(), null).await();
        long callsBefore = evalshaCalls();

        List<Future<EnqueueResult>> answers = inOneTurn(() -> {
            List<Future<EnqueueResult>> all = new ArrayList<>();
            for (int i = 0; i < MAX_PENDING; i++) {
                all.add(store.enqueue(NewTask.of("t", new JsonObject().put("n", i))));
            }
            return all;
        });

        HashSet<String> ids = new HashSet<>();
        for (Future<EnqueueResult> answer : answers) {
            assertTrue(answer.await().created());
            ids.add(answer.await().taskId());
        }
        assertEquals(1, evalshaCalls() - callsBefore, "one enqueue script call for the turn");
        assertEquals(MAX_PENDING, ids.size(), "each task its own id");
        List<Integer> order = new ArrayList<>();
        for (Task t : store.claim("default", "w", 10, 30_000).await()) {
            order.add(t.payload().getInteger("n"));
        }
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void whenTheQueueIsFullEachTaskGetsTheVerdictItWouldHaveHadAlone() {
        store.enqueue(NewTask.of("t", new JsonObject())).await();

        List<Future<EnqueueResult>> answers = inOneTurn(() -> {
            List<Future<EnqueueResult>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(store.enqueue(NewTask.of("t", new JsonObject().put("n", i))));
            }
            return all;
        });

        // 1 was pending: 4 more fit, the last 2 are refused, and the 6 together did not make all of them fail.
        for (int i = 0; i < answers.size(); i++) {
            Future<EnqueueResult> answer = answers.get(i);
            try {
                answer.await();
                assertTrue(i < 4, "task " + i + " accepted");
            } catch (Exception refused) {
                assertTrue(i >= 4, "task " + i + " refused: " + refused);
                assertInstanceOf(QueueFullException.class, answer.cause());
            }
        }
        assertEquals(MAX_PENDING, readyCount("default"));
    }

    @Test
    void aTaskThatCannotBeSentFailsAloneAndTheOthersAreStored() {
        List<Future<EnqueueResult>> answers = inOneTurn(() -> List.of(
                store.enqueue(NewTask.of("t", new JsonObject().put("n", 0))),
                // A programmatic caller's payload holding a value JSON cannot encode.
                store.enqueue(NewTask.of("t", new JsonObject().put("n", new Object()))),
                store.enqueue(NewTask.of("t", new JsonObject().put("n", 2)))));

        assertTrue(answers.get(0).await().created());
        assertTrue(answers.get(2).await().created());
        assertThrows(RuntimeException.class, () -> answers.get(1).await());
        assertEquals(2, readyCount("default"));
    }

    /** Runs {@code calls} on one event loop, in one turn, and hands back what it returned. */
    private <T> T inOneTurn(Supplier<T> calls) {
        Context context = vertx.getOrCreateContext();
        return Future.<T>future(p -> context.runOnContext(v -> p.complete(calls.get()))).await();
    }

    private long evalshaCalls() {
        return CommandStats.calls(redis, "evalsha");
    }
}
