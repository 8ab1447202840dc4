package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.QueueFullException;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackpressureTest extends StoreFixture {

    @Override
    protected StoreOptions options() {
        return new StoreOptions().setMaxPendingPerQueue(3);
    }

    @Test
    void aFullQueueRefusesEnqueuesWholeUntilItDrains() {
        store.enqueueAll(List.of(task("q"), task("q"))).await();

        QueueFullException full = assertThrows(QueueFullException.class,
                () -> store.enqueueAll(List.of(task("other"), task("q"), task("q"))).await());

        assertEquals("q", full.queue());
        assertEquals(2, full.pending());
        assertEquals(0, raw(Command.EXISTS, keys.queue("other").readyInfo()).toLong(), "nothing of the batch stored");
        store.enqueue(task("q")).await();
        assertThrows(QueueFullException.class, () -> store.enqueue(task("q")).await());

        Task claimed = store.claim("q", "w", 1, 1_000).await().get(0);
        store.ack(claimed.id(), claimed.leaseToken(), null).await();
        store.enqueue(task("q")).await();
        assertEquals(3, readyCount("q"));
    }

    private static NewTask task(String queue) {
        return NewTask.of("t", new JsonObject()).withQueue(queue);
    }
}
