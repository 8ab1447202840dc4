package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.Priority;
import io.taskrail.StoreError;
import io.taskrail.Task;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimTest extends StoreFixture {

    @Test
    void claimsInStrictPriorityOrderThenFifo() {
        int[] priorities = {Priority.LOW, Priority.NORMAL, Priority.HIGH, 9, 0, Priority.NORMAL, Priority.HIGH, 0};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            ids.add(store.enqueue(NewTask.of("t", new JsonObject().put("n", i)).withPriority(priorities[i]))
                    .await().taskId());
        }

        List<Integer> order = new ArrayList<>();
        for (Task t : store.claim("default", "w1", 3, 30_000).await()) {
            order.add(t.payload().getInteger("n"));
        }
        for (Task t : store.claim("default", "w1", 10, 30_000).await()) {
            order.add(t.payload().getInteger("n"));
        }

        // priority 0: n=4, 7; high: 2, 6; normal: 1, 5; low: 0; 9: 3
        assertEquals(List.of(4, 7, 2, 6, 1, 5, 0, 3), order);
    }

    @Test
    void aClaimLeasesTheTaskWithAFreshFencingToken() {
        String id = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        String other = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();

        List<Task> claimed = store.claim("default", "worker-7", 2, 30_000).await();

        assertEquals(2, claimed.size());
        Task task = claimed.get(0);
        assertEquals(id, task.id());
        assertEquals(TaskStatus.PROCESSING, task.status());
        assertEquals(1, task.attempts());
        assertEquals("worker-7", task.workerId());
        assertEquals(clock.millis(), task.startedAt());
        assertEquals(clock.millis() + 30_000, task.leaseUntil());
        assertTrue(task.leaseToken() > 0);
        assertTrue(claimed.get(1).leaseToken() != task.leaseToken(), "each claim has its own token");
        assertEquals(other, claimed.get(1).id());
        // The claim sends back only the token; what the worker builds from it is what Redis now holds.
        assertEquals(store.get(id).await(), task);
        assertEquals(clock.millis() + 30_000,
                raw(Command.ZSCORE, keys.queue("default").processing(), id).toLong());
        assertEquals(0, readyCount("default"));
    }

    @Test
    void aClaimWhoseLeaseWouldBeOverBeforeItArrivedIsRefusedAndClaimsNothing() {
        String id = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        // A worker whose call was held up in the network (or whose clock runs behind) by more than the lease.
        TaskStore late = TaskStore.create(redis, options(), Clock.fixed(Instant.ofEpochMilli(clock.millis() - 5_000),
                ZoneOffset.UTC));

        Throwable refused = assertThrows(Throwable.class, () -> late.claim("default", "w", 1, 2_000).await());

        assertTrue(refused.getMessage().startsWith("STALE claim"), refused.getMessage());
        assertEquals(TaskStatus.PENDING, store.get(id).await().status());
        assertEquals(0, store.get(id).await().attempts(), "no attempt counted");
        assertEquals(1, late.claim("default", "w", 1, 30_000).await().size(),
                "a lease that outlasts the delay is fine");
    }

    @Test
    void aClaimTakesOnlyFromItsQueueAndNothingWhenEmpty() {
        store.enqueue(NewTask.of("t", new JsonObject()).withQueue("email")).await();

        assertEquals(List.of(), store.claim("default", "w", 10, 1_000).await());
        assertEquals(1, store.claim("email", "w", 10, 1_000).await().size());
        assertEquals(List.of(), store.claim("email", "w", 10, 1_000).await());
    }

    @Test
    void aClaimFirstPromotesScheduledTasksThatCameDue() {
        String later = store.enqueue(NewTask.of("t", new JsonObject()).withRunAt(clock.millis() + 5_000))
                .await().taskId();
        assertEquals(List.of(), store.claim("default", "w", 10, 1_000).await());

        clock.advance(5_000);
        List<Task> claimed = store.claim("default", "w", 10, 1_000).await();

        assertEquals(1, claimed.size());
        assertEquals(later, claimed.get(0).id());
    }

    @Test
    void reclaimedTasksGetNewTokens() {
        store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(3)).await();
        Set<Long> tokens = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Task t = store.claim("default", "w", 1, 1_000).await().get(0);
            tokens.add(t.leaseToken());
            assertEquals(i + 1, t.attempts());
            clock.advance(1_001);
            store.reap("default", 100).await();
        }
        assertEquals(3, tokens.size());
    }

    @Test
    void oneClaimAnswersTasksClaimedBeforeAndForTheFirstTimeEachWhole() {
        // The claim's reply is one flat array, each task's length then its values: a released task (its hash, an
        // even number of values) between first claims (3 values each) must not shift the tasks after it.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            NewTask task = NewTask.of("t" + i, new JsonObject().put("n", i)).withMaxAttempts(5)
                    .withIdempotencyKey("key-" + i);
            ids.add(store.enqueue(task).await().taskId());
        }
        Task released = store.claim("default", "w1", 2, 30_000).await().get(1);
        store.release(released.id(), released.leaseToken()).await();

        List<Task> claimed = store.claim("default", "w2", 10, 30_000).await();

        // The released task goes back to the front of its list; the first task is still leased to w1.
        assertEquals(List.of(ids.get(1), ids.get(2), ids.get(3)), claimed.stream().map(Task::id).toList());
        for (Task t : claimed) {
            int n = ids.indexOf(t.id());
            assertEquals("t" + n, t.type());
            assertEquals(n, t.payload().getInteger("n"));
            assertEquals("key-" + n, t.idempotencyKey());
            assertEquals(5, t.maxAttempts());
            assertEquals(1, t.attempts(), "a release gives its attempt back");
            assertEquals("w2", t.workerId());
            assertTrue(t.leaseToken() > released.leaseToken());
        }
    }

    @Test
    void tasksLeftInTheSortedSetOfEarlierVersionsAreClaimedAfterTheLists() {
        // As an earlier version stored a ready task: its own hash, and its id in the ready ZSET.
        String legacy = "default:01LEGACY0000000000000000000";
        raw(Command.HSET, keys.task(legacy), "id", legacy, "type", "old", "payload", "{}", "priority", "5",
                "status", "pending", "maxAttempts", "3", "createdAt", clock.millis());
        raw(Command.ZADD, keys.queue("default").ready().replaceAll(":$", ""), 500000000000001L, legacy);
        String current = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();

        assertEquals(2, store.stats("default").await().count(TaskStatus.PENDING));
        List<Task> claimed = store.claim("default", "w", 10, 30_000).await();

        assertEquals(List.of(current, legacy), claimed.stream().map(Task::id).toList());
        assertEquals("old", claimed.get(1).type());
        assertEquals(0, store.stats("default").await().count(TaskStatus.PENDING));
    }

    @Test
    void tokensKeepRisingWhenRedisComesBackWithoutItsLastWrites() {
        // Redis with AOF fsync'd once a second (or a replica promoted) can come back without its last writes. Worker
        // A claimed the task in those; B claims it again after the restart. Were the token a plain counter, B would
        // get A's token, and A, still running the task, could ack it in B's name.
        String id = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        Map<String, Buffer> beforeTheClaim = snapshot();
        Task a = store.claim("default", "a", 1, 30_000).await().get(0);
        restore(beforeTheClaim);

        Task b = store.claim("default", "b", 1, 30_000).await().get(0);

        assertEquals(id, b.id());
        assertTrue(b.leaseToken() > a.leaseToken(), "B's token " + b.leaseToken() + " after A's " + a.leaseToken());
        TaskStateException refused = assertThrows(TaskStateException.class,
                () -> store.ack(id, a.leaseToken(), null).await());
        assertEquals(StoreError.LEASE_LOST, refused.error());
        store.ack(id, b.leaseToken(), null).await();
    }

    /** Every key's DUMP (tests only: a full SCAN). */
    private Map<String, Buffer> snapshot() {
        Map<String, Buffer> dumps = new HashMap<>();
        String cursor = "0";
        do {
            Response page = raw(Command.SCAN, cursor, "COUNT", 1_000);
            cursor = page.get(0).toString();
            for (Response key : page.get(1)) {
                dumps.put(key.toString(), raw(Command.DUMP, key.toString()).toBuffer());
            }
        } while (!cursor.equals("0"));
        return dumps;
    }

    /** Redis as it was at the snapshot, as a restart that lost the writes since would leave it. */
    private void restore(Map<String, Buffer> dumps) {
        raw(Command.FLUSHALL);
        dumps.forEach((key, dump) -> redis.send(Request.cmd(Command.RESTORE).arg(key).arg(0).arg(dump)).await());
    }
}
