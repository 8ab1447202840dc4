package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.Priority;
import io.taskrail.Reaped;
import io.taskrail.StoreError;
import io.taskrail.Task;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseTest extends StoreFixture {

    @Test
    void extendPushesTheDeadlineSoTheReaperLeavesTheTaskAlone() {
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task t = store.claim("default", "w", 1, 1_000).await().get(0);
        clock.advance(900);

        long deadline = store.extend(t.id(), t.leaseToken(), 1_000).await();

        assertEquals(clock.millis() + 1_000, deadline);
        assertEquals(deadline, store.get(t.id()).await().leaseUntil());
        clock.advance(500);
        assertEquals(List.of(), store.reap("default", 10).await());
        store.ack(t.id(), t.leaseToken(), null).await();
    }

    @Test
    void extendWithAStaleTokenIsRefused() {
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task t = store.claim("default", "w", 1, 1_000).await().get(0);
        TaskStateException e = assertThrows(TaskStateException.class,
                () -> store.extend(t.id(), t.leaseToken() + 1, 1_000).await());
        assertEquals(StoreError.LEASE_LOST, e.error());
    }

    @Test
    void releaseReturnsTheTaskToTheFrontOfItsPriorityWithItsAttemptNotCounted() {
        String first = store.enqueue(NewTask.of("t", new JsonObject()).withPriority(Priority.LOW)).await().taskId();
        store.enqueue(NewTask.of("t", new JsonObject()).withPriority(Priority.LOW)).await();
        Task t = store.claim("default", "w", 1, 1_000).await().get(0);
        assertEquals(first, t.id());
        String urgent = store.enqueue(NewTask.of("t", new JsonObject()).withPriority(Priority.HIGH)).await().taskId();

        store.release(t.id(), t.leaseToken()).await();

        Task released = store.get(first).await();
        assertEquals(TaskStatus.PENDING, released.status());
        assertEquals(0, released.attempts());
        assertNull(released.workerId());
        List<Task> next = store.claim("default", "w2", 2, 1_000).await();
        assertEquals(List.of(urgent, first), next.stream().map(Task::id).toList());
        assertEquals(1, next.get(1).attempts());
        assertThrows(TaskStateException.class, () -> store.release(t.id(), t.leaseToken()).await());
    }

    @Test
    void reapReturnsExpiredLeasesToReadyCountingTheAttemptAndKillsThoseOutOfAttempts() {
        String once = store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(1)).await().taskId();
        String twice = store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(2)).await().taskId();
        String fresh = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        store.claim("default", "crashed-worker", 2, 1_000).await();
        clock.advance(500);
        store.claim("default", "live-worker", 1, 1_000).await();

        clock.advance(501);
        List<Reaped> reaped = store.reap("default", 100).await();

        assertEquals(Set.of(new Reaped(once, TaskStatus.DEAD, "t"), new Reaped(twice, TaskStatus.PENDING, "t")),
                Set.copyOf(reaped));
        Task back = store.get(twice).await();
        assertEquals(1, back.attempts());
        assertTrue(back.error().message().contains("crashed-worker"), back.error().message());
        assertEquals(TaskStatus.DEAD, store.get(once).await().status());
        assertEquals(TaskStatus.PROCESSING, store.get(fresh).await().status());
        // Idempotent: nothing more to reap until the live lease runs out.
        assertEquals(List.of(), store.reap("default", 100).await());
        assertEquals(1, raw(Command.ZCARD, keys.queue("default").processing()).toLong());
        var stats = store.stats("default").await();
        assertEquals(2, stats.total("failed"));
        assertEquals(1, stats.total("retried"));
        assertEquals(1, stats.total("dead"));
    }

    @Test
    void reapHonoursItsLimit() {
        for (int i = 0; i < 5; i++) {
            store.enqueue(NewTask.of("t", new JsonObject())).await();
        }
        store.claim("default", "w", 5, 1_000).await();
        clock.advance(1_001);
        assertEquals(2, store.reap("default", 2).await().size());
        assertEquals(3, store.reap("default", 10).await().size());
    }
}
