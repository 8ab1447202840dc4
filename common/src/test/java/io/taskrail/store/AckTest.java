package io.taskrail.store;

import io.taskrail.AckOutcome;
import io.taskrail.Completion;
import io.taskrail.NewTask;
import io.taskrail.StoreError;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.testing.Poll;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckTest extends StoreFixture {
    private static final long RETENTION_MS = 1_500;

    @Override
    protected StoreOptions options() {
        return new StoreOptions().setRetentionMs(RETENTION_MS);
    }

    @Test
    void anAckCompletesTheTaskAndStoresItsResult() {
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task claimed = store.claim("default", "w", 1, 10_000).await().get(0);
        clock.advance(25);

        store.ack(claimed.id(), claimed.leaseToken(), new JsonObject().put("sum", 42)).await();

        Task done = store.get(claimed.id()).await();
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals(42, done.result().getInteger("sum"));
        assertEquals(clock.millis(), done.finishedAt());
        assertEquals(0, done.leaseToken());
        assertEquals(0, raw(Command.ZCARD, keys.queue("default").processing()).toLong());
        assertEquals(1, store.stats("default").await().total("completed"));
        assertEquals(1, store.stats("default").await().count(TaskStatus.COMPLETED));
    }

    @Test
    void anAckWithAStaleTokenAfterAReapIsRefusedAndChangesNothing() {
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task first = store.claim("default", "slow", 1, 1_000).await().get(0);
        clock.advance(1_001);
        store.reap("default", 10).await();
        Task second = store.claim("default", "fast", 1, 1_000).await().get(0);

        TaskStateException refused = assertThrows(TaskStateException.class,
                () -> store.ack(first.id(), first.leaseToken(), new JsonObject()).await());

        assertEquals(StoreError.LEASE_LOST, refused.error());
        Task now = store.get(first.id()).await();
        assertEquals(TaskStatus.PROCESSING, now.status());
        assertEquals("fast", now.workerId());
        store.ack(second.id(), second.leaseToken(), null).await();
        assertEquals(TaskStatus.COMPLETED, store.get(first.id()).await().status());
    }

    @Test
    void claimsAndAcksLargerThanOneChunkOfScriptArgumentsTakeEveryTask() {
        // The scripts write the processing and completed sets in chunks of 1,000 members (Lua's unpack has a limit).
        int total = 2_500;
        for (int from = 0; from < total; from += 1_000) {
            List<NewTask> batch = new ArrayList<>();
            for (int i = from; i < Math.min(total, from + 1_000); i++) {
                batch.add(NewTask.of("t", new JsonObject().put("n", i)));
            }
            store.enqueueAll(batch).await();
        }

        List<Task> claimed = store.claim("default", "w", total, 10_000).await();

        assertEquals(total, claimed.size());
        assertEquals(total, raw(Command.ZCARD, keys.queue("default").processing()).toLong());
        for (int i = 0; i < total; i++) {
            assertEquals(i, claimed.get(i).payload().getInteger("n"), "FIFO across enqueue calls");
            assertEquals(1, claimed.get(i).attempts());
        }
        List<AckOutcome> outcomes = store.ackAll(claimed.stream()
                .map(t -> new Completion(t.id(), t.leaseToken(), null)).toList()).await();
        assertTrue(outcomes.stream().allMatch(AckOutcome::acked));
        assertEquals(0, raw(Command.ZCARD, keys.queue("default").processing()).toLong());
        assertEquals(total, raw(Command.ZCARD, keys.queue("default").completed()).toLong());
        assertEquals(total, store.stats("default").await().total("completed"));
    }

    @Test
    void anAckOfAnUnknownTaskIsNotFound() {
        TaskStateException refused = assertThrows(TaskStateException.class,
                () -> store.ack("default:NOPE", 1, null).await());
        assertEquals(StoreError.NOT_FOUND, refused.error());
    }

    @Test
    void aBatchOfAcksAcrossQueuesAnswersEachInOrder() {
        store.enqueue(NewTask.of("t", new JsonObject()).withQueue("a")).await();
        store.enqueue(NewTask.of("t", new JsonObject()).withQueue("b")).await();
        Task a = store.claim("a", "w", 1, 10_000).await().get(0);
        Task b = store.claim("b", "w", 1, 10_000).await().get(0);

        List<AckOutcome> outcomes = store.ackAll(List.of(
                new Completion(b.id(), b.leaseToken(), null),
                new Completion(a.id(), a.leaseToken() + 1000, null),
                new Completion("not-an-id", 1, null))).await();

        assertEquals(List.of(new AckOutcome(b.id(), null), new AckOutcome(a.id(), StoreError.LEASE_LOST),
                new AckOutcome("not-an-id", StoreError.NOT_FOUND)), outcomes);
    }

    @Test
    void aCompletedTaskAndItsIdempotencyKeyExpireAfterTheRetention() {
        String id = store.enqueue(NewTask.of("t", new JsonObject()).withIdempotencyKey("once")).await().taskId();
        Task claimed = store.claim("default", "w", 1, 10_000).await().get(0);
        store.ack(id, claimed.leaseToken(), null).await();

        long ttl = raw(Command.PTTL, keys.task(id)).toLong();
        assertTrue(ttl > 0 && ttl <= RETENTION_MS, "ttl " + ttl);
        assertTrue(raw(Command.PTTL, keys.queue("default").idempotency("once")).toLong() > 0);
        Poll.until(Duration.ofSeconds(5), "the completed task expires", () -> store.get(id).await() == null);
        assertEquals(0, raw(Command.EXISTS, keys.queue("default").idempotency("once")).toLong());

        // The key is free again: the same idempotency key now makes a new task.
        assertTrue(store.enqueue(NewTask.of("t", new JsonObject()).withIdempotencyKey("once")).await().created());
    }

    @Test
    void finishedIdsBeyondTheRetentionAreTrimmedFromTheCompletedSet() {
        for (int i = 0; i < 3; i++) {
            store.enqueue(NewTask.of("t", new JsonObject())).await();
            Task t = store.claim("default", "w", 1, 10_000).await().get(0);
            store.ack(t.id(), t.leaseToken(), null).await();
            clock.advance(RETENTION_MS + 1);
        }
        // Each ack trims the entries finished more than the retention ago: only the last remains.
        assertEquals(1, raw(Command.ZCARD, keys.queue("default").completed()).toLong());
    }

    @Test
    void anAckSentAgainAfterItLandedIsAnsweredAsAcked() {
        // A worker whose ack reply was lost (a timeout, a dropped connection) sends it again; being told the lease
        // was lost would make it drop the outcome it had stored.
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task t = store.claim("default", "w", 1, 10_000).await().get(0);
        store.ack(t.id(), t.leaseToken(), new JsonObject().put("n", 1)).await();

        List<AckOutcome> again = store.ackAll(List.of(new Completion(t.id(), t.leaseToken(), null))).await();

        assertTrue(again.get(0).acked(), "the repeated ack: " + again.get(0).error());
        assertEquals(1, store.get(t.id()).await().result().getInteger("n"), "the first ack's result stays");
        assertEquals(1, store.stats("default").await().total("completed"), "counted once");
        assertEquals(1, raw(Command.ZCARD, keys.queue("default").completed()).toLong());
    }

    @Test
    void aStaleAckAfterAnotherWorkerCompletedTheTaskIsStillRefused() {
        store.enqueue(NewTask.of("t", new JsonObject())).await();
        Task first = store.claim("default", "slow", 1, 1_000).await().get(0);
        clock.advance(1_001);
        store.reap("default", 10).await();
        Task second = store.claim("default", "fast", 1, 1_000).await().get(0);
        store.ack(second.id(), second.leaseToken(), null).await();

        TaskStateException refused = assertThrows(TaskStateException.class,
                () -> store.ack(first.id(), first.leaseToken(), new JsonObject()).await());

        assertEquals(StoreError.LEASE_LOST, refused.error());
        assertEquals(1, store.stats("default").await().total("completed"));
    }

    @Test
    void oneAckTrimsABoundedNumberOfStaleEntriesAndLaterAcksTheRest() {
        // After a long idle spell millions of entries can be out of date at once; removing them in one call would
        // hold Redis up for seconds. A call trims at most 1,000 (or twice what it added).
        String completed = keys.queue("default").completed();
        long old = clock.millis() - RETENTION_MS - 1_000;
        for (int from = 0; from < 2_500; from += 500) {
            List<Object> args = new ArrayList<>(List.of(completed));
            for (int i = from; i < from + 500; i++) {
                args.add(old - i);
                args.add("stale-" + i);
            }
            raw(Command.ZADD, args.toArray());
        }

        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            store.enqueue(NewTask.of("t", new JsonObject())).await();
            Task t = store.claim("default", "w", 1, 10_000).await().get(0);
            store.ack(t.id(), t.leaseToken(), null).await();
            sizes.add(raw(Command.ZCARD, completed).toLong());
        }

        // 2,500 stale + 1 new, less 1,000 = 1,501; then + 1 - 1,000 = 502; then the last 500 go: the 3 live remain.
        assertEquals(List.of(1_501L, 502L, 3L), sizes);
        assertEquals(3, store.stats("default").await().count(TaskStatus.COMPLETED));
    }
}
