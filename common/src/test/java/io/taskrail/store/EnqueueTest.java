package io.taskrail.store;

import io.taskrail.EnqueueResult;
import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnqueueTest extends StoreFixture {

    @Test
    void aReadyTaskWaitsPackedWithoutAHashOfItsOwn() {
        String id = store.enqueue(NewTask.of("t", new JsonObject().put("n", 1)).withPriority(3).withMaxAttempts(7)
                .withTimeoutMs(900).withRunAt(clock.millis() - 5).withIdempotencyKey("k-1")).await().taskId();

        assertEquals(0, raw(Command.EXISTS, keys.task(id)).toLong(), "no key per waiting task");
        assertEquals(1, raw(Command.HEXISTS, keys.queue("default").pending(), id).toLong());
        Task task = store.get(id).await();
        assertEquals(TaskStatus.PENDING, task.status());
        assertEquals(1, task.payload().getInteger("n"));
        assertEquals(List.of(3, 7, 900L, clock.millis() - 5, clock.millis(), "k-1"), List.of(task.priority(),
                task.maxAttempts(), task.timeoutMs(), task.runAt(), task.createdAt(), task.idempotencyKey()));

        Task claimed = store.claim("default", "w1", 1, 30_000).await().get(0);
        assertEquals(id, claimed.id());
        assertEquals(0, raw(Command.HEXISTS, keys.queue("default").pending(), id).toLong(), "moved by the claim");
        assertEquals(claimed, store.get(id).await());
    }

    @Test
    void fieldsAtTheirDefaultAreNotStoredYetReadBack() {
        String plain = store.enqueue(NewTask.of("t", new JsonObject()).withQueue("mail")
                .withRunAt(clock.millis() + 1)).await().taskId();
        String timed = store.enqueue(NewTask.of("t", new JsonObject()).withTimeoutMs(750)
                .withRunAt(clock.millis() + 60_000)).await().taskId();

        List<String> stored = hashFields(plain);
        assertFalse(stored.isEmpty(), "a scheduled task has its own hash");
        assertFalse(stored.contains("queue") || stored.contains("attempts") || stored.contains("timeoutMs"),
                "stored: " + stored);
        Task task = store.get(plain).await();
        assertEquals("mail", task.queue());
        assertEquals(0, task.attempts());
        assertEquals(0, task.timeoutMs());
        assertEquals(task.createdAt() + 1, task.runAt());

        Task other = store.get(timed).await();
        assertEquals(750, other.timeoutMs());
        assertEquals(clock.millis() + 60_000, other.runAt());
        assertEquals(TaskStatus.SCHEDULED, other.status());
    }

    @Test
    void storesATaskReadyToRunWithEveryField() {
        EnqueueResult result = store.enqueue(NewTask.of("email", new JsonObject().put("to", "a@b.c"))
                .withMaxAttempts(4).withTimeoutMs(2_000)).await();

        assertTrue(result.created());
        assertEquals(TaskStatus.PENDING, result.status());
        assertTrue(result.taskId().startsWith("default:"), result.taskId());
        Task task = store.get(result.taskId()).await();
        assertEquals("email", task.type());
        assertEquals("default", task.queue());
        assertEquals("a@b.c", task.payload().getString("to"));
        assertEquals(5, task.priority());
        assertEquals(0, task.attempts());
        assertEquals(4, task.maxAttempts());
        assertEquals(2_000, task.timeoutMs());
        assertEquals(clock.millis(), task.createdAt());
        assertEquals(clock.millis(), task.runAt());
        assertEquals(0, task.startedAt());
        assertEquals(1, readyCount("default"));
        assertEquals(List.of("default"), store.queues().await());
    }

    @Test
    void aFutureRunAtIsScheduledNotReady() {
        long runAt = clock.millis() + 60_000;
        EnqueueResult result = store.enqueue(NewTask.of("report", new JsonObject()).withRunAt(runAt)).await();

        assertEquals(TaskStatus.SCHEDULED, result.status());
        assertEquals(runAt, raw(Command.ZSCORE, keys.queue("default").scheduled(), result.taskId()).toLong());
        assertEquals(0, readyCount("default"));
        assertEquals(runAt, store.get(result.taskId()).await().runAt());
    }

    @Test
    void aSecondEnqueueWithTheSameIdempotencyKeyReturnsTheFirstTaskAndStoresNothing() {
        NewTask task = NewTask.of("charge", new JsonObject().put("cents", 500)).withIdempotencyKey("order-17");
        EnqueueResult first = store.enqueue(task).await();
        EnqueueResult second = store.enqueue(task.withPriority(0)).await();

        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(first.taskId(), second.taskId());
        assertEquals(1, readyCount("default"));
        assertEquals(1, store.stats("default").await().total("submitted"));
    }

    @Test
    void idempotencyKeysAreScopedToTheirQueue() {
        NewTask task = NewTask.of("charge", new JsonObject()).withIdempotencyKey("k");
        EnqueueResult a = store.enqueue(task).await();
        EnqueueResult b = store.enqueue(task.withQueue("other")).await();
        assertNotEquals(a.taskId(), b.taskId());
        assertTrue(b.created());
    }

    @Test
    void aBatchStoresEveryTaskInOrderAcrossQueuesAndDuplicatesWithinIt() {
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(NewTask.of("t", new JsonObject().put("i", i)).withQueue(i % 2 == 0 ? "even" : "odd"));
        }
        batch.set(999, NewTask.of("t", new JsonObject()).withQueue("even").withIdempotencyKey("dup"));
        batch.set(998, NewTask.of("t", new JsonObject()).withQueue("even").withIdempotencyKey("dup"));

        List<EnqueueResult> results = store.enqueueAll(batch).await();

        assertEquals(1_000, results.size());
        assertEquals(results.get(998).taskId(), results.get(999).taskId());
        assertFalse(results.get(999).created());
        for (int i = 0; i < 998; i++) {
            Task stored = store.get(results.get(i).taskId()).await();
            if (i % 100 == 0) {
                assertEquals(i, stored.payload().getInteger("i"));
            }
        }
        assertEquals(499, readyCount("odd"));
        assertEquals(500, readyCount("even"));
        assertEquals(List.of("even", "odd"), store.queues().await());
    }

    @Test
    void aBatchOverTheLimitIsRefusedAndStoresNothing() {
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i <= TaskStore.MAX_BATCH; i++) {
            batch.add(NewTask.of("t", new JsonObject()));
        }
        Throwable error = assertThrows(IllegalArgumentException.class, () -> store.enqueueAll(batch).await());
        assertTrue(error.getMessage().contains("1000"), error.getMessage());
        assertEquals(0, raw(Command.DBSIZE).toLong());
    }

    @Test
    void anUnknownOrMalformedIdIsNotFound() {
        assertNull(store.get("default:01HZZZZZZZZZZZZZZZZZZZZZZZ").await());
        assertNull(store.get("no-colon").await());
        assertNull(store.get("bad queue:x").await());
        assertNull(store.get("").await());
    }
}
