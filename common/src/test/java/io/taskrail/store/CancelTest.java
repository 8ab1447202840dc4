package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.StoreError;
import io.taskrail.Task;
import io.taskrail.TaskQuery;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CancelTest extends StoreFixture {

    @Test
    void cancelsPendingAndScheduledTasksSoNoWorkerClaimsThem() {
        String pending = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        String scheduled = store.enqueue(NewTask.of("t", new JsonObject()).withRunAt(clock.millis() + 1_000))
                .await().taskId();

        store.cancel(pending).await();
        store.cancel(scheduled).await();

        assertEquals(TaskStatus.CANCELLED, store.get(pending).await().status());
        assertEquals(TaskStatus.CANCELLED, store.get(scheduled).await().status());
        assertEquals(clock.millis(), store.get(pending).await().finishedAt());
        clock.advance(2_000);
        assertEquals(0, store.claim("default", "w", 10, 1_000).await().size());
        assertEquals(2, raw(Command.ZCARD, keys.queue("default").cancelled()).toLong());
        assertTrue(raw(Command.PTTL, keys.task(pending)).toLong() > 0, "cancelled data expires");
        assertEquals(2, store.stats("default").await().total("cancelled"));
    }

    @Test
    void aCancelledTaskLeftInItsListIsSkippedAndNotCounted() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(store.enqueue(NewTask.of("t", new JsonObject())).await().taskId());
        }
        // One never claimed (packed), one claimed before and released (its own hash): both kinds of pending task.
        Task released = store.claim("default", "w", 1, 30_000).await().get(0);
        store.release(released.id(), released.leaseToken()).await();
        store.cancel(ids.get(0)).await();
        store.cancel(ids.get(2)).await();

        assertEquals(3, readyCount("default"));
        assertEquals(3, store.stats("default").await().count(TaskStatus.PENDING));
        assertEquals(List.of(ids.get(1), ids.get(3), ids.get(4)), store.list(TaskQuery.of(TaskStatus.PENDING))
                .await().tasks().stream().map(Task::id).toList());
        assertEquals(List.of(ids.get(1), ids.get(3), ids.get(4)),
                store.claim("default", "w", 10, 30_000).await().stream().map(Task::id).toList());
        assertEquals(0, readyCount("default"));
        assertEquals(0, raw(Command.EXISTS, keys.queue("default").ready(5)).toLong(), "the list is gone");
    }

    @Test
    void aClaimGoesOnPastALongRunOfCancelledEntries() {
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            batch.add(NewTask.of("t", new JsonObject()));
        }
        List<String> cancelled = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            store.enqueueAll(batch).await().forEach(r -> cancelled.add(r.taskId()));
        }
        String live = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        cancelled.forEach(id -> store.cancel(id).await());

        // 1,600 entries to skip, more than one script call skips (it answers 'more' and the store calls again).
        List<Task> claimed = store.claim("default", "w", 5, 30_000).await();

        assertEquals(List.of(live), claimed.stream().map(Task::id).toList());
        assertEquals(0, raw(Command.EXISTS, keys.queue("default").ready(5)).toLong());
    }

    @Test
    void aProcessingTaskCannotBeCancelled() {
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task t = store.claim("default", "w", 1, 1_000).await().get(0);

        TaskStateException e = assertThrows(TaskStateException.class, () -> store.cancel(t.id()).await());

        assertEquals(StoreError.WRONG_STATE, e.error());
        assertEquals(TaskStatus.PROCESSING, e.status());
        assertEquals(TaskStatus.PROCESSING, store.get(t.id()).await().status());
    }

    @Test
    void aFinishedTaskCannotBeCancelled() {
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task t = store.claim("default", "w", 1, 1_000).await().get(0);
        store.ack(t.id(), t.leaseToken(), null).await();

        TaskStateException e = assertThrows(TaskStateException.class, () -> store.cancel(t.id()).await());
        assertEquals(TaskStatus.COMPLETED, e.status());
    }

    @Test
    void anUnknownTaskIsNotFound() {
        assertEquals(StoreError.NOT_FOUND, assertThrows(TaskStateException.class,
                () -> store.cancel("default:UNKNOWN").await()).error());
        assertEquals(StoreError.NOT_FOUND, assertThrows(TaskStateException.class,
                () -> store.cancel("garbage").await()).error());
    }
}
