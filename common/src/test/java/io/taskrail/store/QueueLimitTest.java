package io.taskrail.store;

import io.taskrail.EnqueueResult;
import io.taskrail.InvalidTaskException;
import io.taskrail.NewTask;
import io.taskrail.StoreOptions;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients name queues freely, and every queue costs each stats read and monitor tick a call: past MAX_QUEUES a new
 * queue is refused. Existing queues go on as before.
 */
class QueueLimitTest extends StoreFixture {

    @Override
    protected StoreOptions options() {
        return new StoreOptions().setMaxQueues(3);
    }

    @Test
    void aQueuePastTheLimitIsRefusedAndNothingOfItsBatchIsStored() {
        store.enqueueAll(List.of(task("a"), task("b"))).await();
        store.enqueue(task("c")).await();

        InvalidTaskException refused = assertThrows(InvalidTaskException.class,
                () -> store.enqueueAll(List.of(task("a"), task("d"))).await());

        assertEquals("queue", refused.field());
        assertTrue(refused.getMessage().contains("'d'") && refused.getMessage().contains("3"), refused.getMessage());
        assertEquals(List.of("a", "b", "c"), store.queues().await());
        assertEquals(1, readyCount("a"), "nothing of the refused batch was stored");
        store.enqueueAll(List.of(task("a"), task("b"), task("c"))).await();
        assertEquals(2, readyCount("a"));
    }

    @Test
    void singleEnqueuesMergedInOneTurnEachGetTheirOwnVerdict() {
        store.enqueueAll(List.of(task("a"), task("b"), task("c"))).await();
        Context context = vertx.getOrCreateContext();

        List<Future<EnqueueResult>> answers = Future.<List<Future<EnqueueResult>>>future(p -> context.runOnContext(
                v -> p.complete(List.of(store.enqueue(task("a")), store.enqueue(task("new")),
                        store.enqueue(task("b")))))).await();

        assertTrue(answers.get(0).await().created());
        assertThrows(InvalidTaskException.class, () -> answers.get(1).await());
        assertTrue(answers.get(2).await().created());
    }

    private static NewTask task(String queue) {
        return NewTask.of("t", new JsonObject()).withQueue(queue);
    }
}
