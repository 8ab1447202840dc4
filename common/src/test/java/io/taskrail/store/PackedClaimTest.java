package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.Reaped;
import io.taskrail.StoreError;
import io.taskrail.Task;
import io.taskrail.TaskIds;
import io.taskrail.TaskQuery;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first claim keeps the task's creation fields packed in its own hash (field {@code packed}), with those that
 * scripts read written out beside them; every way back to ready writes them all out (see lua/includes/task.lua).
 */
class PackedClaimTest extends StoreFixture {

    @Test
    void aFirstClaimKeepsTheFieldsPackedAndAReleaseWritesThemOut() {
        String id = store.enqueue(NewTask.of("t", new JsonObject().put("n", 1)).withPriority(2).withMaxAttempts(4)
                .withTimeoutMs(900).withIdempotencyKey("k-2")).await().taskId();
        Task claimed = store.claim("default", "w1", 1, 30_000).await().get(0);

        List<String> stored = hashFields(id);
        assertTrue(stored.containsAll(List.of("id", "packed", "type", "priority", "maxAttempts", "idempotencyKey")),
                "the fields that scripts read are written out: " + stored);
        assertFalse(stored.contains("payload") || stored.contains("createdAt") || stored.contains("timeoutMs"),
                "the rest stay packed: " + stored);
        assertEquals(claimed, store.get(id).await());

        store.release(id, claimed.leaseToken()).await();
        stored = hashFields(id);
        assertFalse(stored.contains("packed"), "written out for claims by any worker version: " + stored);
        assertTrue(stored.containsAll(List.of("payload", "createdAt", "timeoutMs")), "stored: " + stored);
        Task again = store.claim("default", "w2", 1, 30_000).await().get(0);
        assertSameCreation(claimed, again);
        assertEquals(1, again.attempts());
    }

    @Test
    void aRetryWritesTheFieldsOutAndItsRunAtWins() {
        long createdRunAt = clock.millis() - 1_000;
        Task first = claimFirst(store.enqueue(task("a", 3).withRunAt(createdRunAt)).await().taskId());
        assertEquals(createdRunAt, first.runAt());

        store.fail(first.id(), first.leaseToken(), "boom", true).await();
        assertFalse(hashFields(first.id()).contains("packed"));
        long retryAt = raw(Command.ZSCORE, keys.queue("a").scheduled(), first.id()).toLong();
        assertTrue(retryAt > clock.millis(), "a backoff: " + retryAt);
        assertEquals(retryAt, store.get(first.id()).await().runAt(), "the retry's runAt, not the packed one");

        clock.advance(3_600_000);
        assertEquals(1, store.promote("a", 10).await());
        Task second = store.claim("a", "w2", 1, 1_000).await().get(0);
        assertSameCreation(first, second);
        assertEquals(retryAt, second.runAt());
    }

    @Test
    void anExpiredLeaseAndARetriedDeadLetterWriteTheFieldsOut() {
        Task reaped = claimFirst(store.enqueue(task("b", 3)).await().taskId());
        clock.advance(1_001);
        assertEquals(TaskStatus.PENDING, store.reap("b", 10).await().get(0).status());
        assertFalse(hashFields(reaped.id()).contains("packed"));
        assertSameCreation(reaped, store.claim("b", "w2", 1, 1_000).await().get(0));

        // A dead letter keeps its fields packed until it is retried.
        Task dead = claimFirst(store.enqueue(task("c", 1)).await().taskId());
        store.fail(dead.id(), dead.leaseToken(), "boom", false).await();
        assertTrue(hashFields(dead.id()).contains("packed"));
        store.retryDead(dead.id()).await();
        assertFalse(hashFields(dead.id()).contains("packed"));
        assertSameCreation(dead, store.claim("c", "w2", 1, 1_000).await().get(0));
    }

    @Test
    void listingsOfClaimedAndDeadTasksReadThePackedFields() {
        Task running = claimFirst(store.enqueue(task("d", 3)).await().taskId());
        Task dead = claimFirst(store.enqueue(task("e", 1)).await().taskId());
        store.fail(dead.id(), dead.leaseToken(), "boom", false).await();

        List<Task> processing = store.list(TaskQuery.of(TaskStatus.PROCESSING).inQueue("d").ofType("t")).await()
                .tasks();
        assertEquals(List.of(running), processing);
        Task listedDead = store.list(TaskQuery.of(TaskStatus.DEAD).inQueue("e")).await().tasks().get(0);
        assertSameCreation(dead, listedDead);
        assertEquals("boom", listedDead.error().message());
    }

    @Test
    void aFieldWrittenOutWinsOverItsPackedValue() {
        Task claimed = claimFirst(store.enqueue(task("f", 3)).await().taskId());
        raw(Command.HSET, keys.task(claimed.id()), "timeoutMs", "1234");

        assertEquals(1234, store.get(claimed.id()).await().timeoutMs());
        assertEquals(700, claimed.timeoutMs());
    }

    @Test
    void aWaitingTaskThatKeptItsPackedFieldsIsClaimedWhole() {
        // What an older version's reaper leaves: the task ready again, its own hash still holding 'packed'.
        Task claimed = claimFirst(store.enqueue(task("g", 3)).await().taskId());
        String taskKey = keys.task(claimed.id());
        raw(Command.HSET, taskKey, "status", "pending");
        raw(Command.HDEL, taskKey, "leaseToken", "leaseUntil");
        raw(Command.ZREM, keys.queue("g").processing(), claimed.id());
        raw(Command.RPUSH, keys.queue("g").ready(1), claimed.id());
        raw(Command.HINCRBY, keys.queue("g").readyInfo(), "count", "1");

        Task again = store.claim("g", "w2", 1, 1_000).await().get(0);
        assertSameCreation(claimed, again);
        assertEquals(2, again.attempts());
    }

    @Test
    void aClaimOfMoreThanOneChunkReadsEveryPackedTask() {
        // The scripts call Redis in chunks of 2,000 values (Lua's unpack has a limit): 2,500 spans two.
        List<String> ids = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            List<NewTask> tasks = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                tasks.add(NewTask.of("t", new JsonObject().put("n", ids.size() + i)));
            }
            store.enqueueAll(tasks).await().forEach(result -> ids.add(result.taskId()));
        }
        List<Task> claimed = store.claim("default", "w1", 2_500, 30_000).await();

        assertEquals(ids, claimed.stream().map(Task::id).toList());
        for (int i = 0; i < claimed.size(); i++) {
            assertEquals(i, claimed.get(i).payload().getInteger("n"));
        }
        assertEquals(0, readyCount("default"));
        assertEquals(0, raw(Command.HLEN, keys.queue("default").pending()).toLong());
    }

    @Test
    void payloadsOfEveryPackedLengthRoundTripThroughTheClaim() {
        // MessagePack gives a string's length in 5 bits, 1, 2 or 4 bytes: each size is crossed here (PackedTaskTest
        // has the exact limits).
        List<String> texts = List.of("", "é", "x".repeat(31), "ü".repeat(40), "y".repeat(256), "€".repeat(30_000),
                "z".repeat(70_000));
        List<String> ids = new ArrayList<>();
        for (String text : texts) {
            ids.add(store.enqueue(NewTask.of("t", new JsonObject().put("text", text))).await().taskId());
        }
        List<Task> claimed = store.claim("default", "w1", texts.size(), 30_000).await();

        assertEquals(ids, claimed.stream().map(Task::id).toList());
        assertEquals(texts, claimed.stream().map(task -> task.payload().getString("text")).toList());
        store.ack(ids.get(6), claimed.get(6).leaseToken(), new JsonObject().put("ok", true)).await();
        Task done = store.get(ids.get(6)).await();
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals(texts.get(6), done.payload().getString("text"));
        assertEquals(claimed.get(6).createdAt(), done.createdAt());
    }

    private static NewTask task(String queue, int maxAttempts) {
        return NewTask.of("t", new JsonObject().put("q", queue)).withQueue(queue).withPriority(1)
                .withMaxAttempts(maxAttempts).withTimeoutMs(700).withIdempotencyKey("k-" + queue);
    }

    private Task claimFirst(String id) {
        Task claimed = store.claim(TaskIds.queueOf(id), "w1", 1, 1_000).await().get(0);
        assertEquals(id, claimed.id());
        assertTrue(hashFields(id).contains("packed"));
        return claimed;
    }

    private static void assertSameCreation(Task expected, Task actual) {
        assertEquals(List.of(expected.id(), expected.type(), expected.payload(), expected.priority(),
                        expected.maxAttempts(), expected.timeoutMs(), expected.createdAt(), expected.idempotencyKey()),
                List.of(actual.id(), actual.type(), actual.payload(), actual.priority(), actual.maxAttempts(),
                        actual.timeoutMs(), actual.createdAt(), actual.idempotencyKey()));
    }

    @Test
    void aTaskWhosePackedFieldsCannotBeReadGoesToDeadAndTheRestOfTheBatchIsClaimed() {
        // Stored data gone wrong: one task's packed fields are not MessagePack. The claim script failed on it after
        // popping the batch's ids, which were then in no list and no set: lost, the good ones with it.
        String bad = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        String good = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        String short4 = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        raw(Command.HSET, keys.queue("default").pending(), bad, "not msgpack");
        // MessagePack, with what a claim writes out (type, priority, maxAttempts) but 4 values of the 8: a later
        // release or reap, writing every field out, could not.
        byte[] four = {(byte) 0x94, (byte) 0xa1, 't', (byte) 0xa2, '{', '}', (byte) 0xa1, '5', (byte) 0xa1, '3'};
        redis.send(Request.cmd(Command.HSET).arg(keys.queue("default").pending()).arg(short4)
                .arg(Buffer.buffer(four))).await();

        List<Task> claimed = store.claim("default", "w", 10, 1_000).await();

        assertEquals(List.of(good), claimed.stream().map(Task::id).toList());
        for (String unreadable : List.of(bad, short4)) {
            Task dead = store.get(unreadable).await();
            assertEquals(TaskStatus.DEAD, dead.status());
            assertEquals("its stored fields cannot be read", dead.error().message());
        }
        var stats = store.stats("default").await();
        assertEquals(0, stats.count(TaskStatus.PENDING));
        assertEquals(1, stats.count(TaskStatus.PROCESSING));
        assertEquals(2, stats.count(TaskStatus.DEAD));
        assertEquals(0, raw(Command.HLEN, keys.queue("default").pending()).toLong());
    }

    @Test
    void aClaimedTaskWhoseStoredFieldsWentBadIsReapedToDeadAndTheRestAreReaped() {
        // Stored data gone wrong after the claim. The reaper failed on such a task after it had taken it out of
        // processing: the task was then in no set, lost, and the ones after it were left for the next call.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(store.enqueue(NewTask.of("t", new JsonObject()).withQueue("r")).await().taskId());
        }
        String badPacked = ids.get(0);
        String badPriority = ids.get(1);
        String good = ids.get(2);
        // Read as a number, "01" is priority 1; a push to a list named with the string as stored was never claimed.
        String oddPriority = ids.get(3);
        assertEquals(4, store.claim("r", "w", 10, 1_000).await().size());
        raw(Command.HSET, keys.task(badPacked), "packed", "not msgpack");
        raw(Command.HSET, keys.task(badPriority), "priority", "high");
        raw(Command.HSET, keys.task(oddPriority), "priority", "01");
        clock.advance(1_001);

        Map<String, TaskStatus> reaped = store.reap("r", 10).await().stream()
                .collect(Collectors.toMap(Reaped::taskId, Reaped::status));

        assertEquals(Map.of(badPacked, TaskStatus.DEAD, badPriority, TaskStatus.DEAD, good, TaskStatus.PENDING,
                oddPriority, TaskStatus.PENDING), reaped);
        for (String bad : List.of(badPacked, badPriority)) {
            assertEquals("dead", raw(Command.HGET, keys.task(bad), "status").toString());
            assertEquals("its stored fields cannot be read", raw(Command.HGET, keys.task(bad), "error").toString());
        }
        assertEquals("not msgpack", raw(Command.HGET, keys.task(badPacked), "unreadable").toString());
        assertTrue(hashFields(badPriority).contains("packed"), "a packed value that can be read holds the payload");
        // Neither can go back to ready: there is no list to put them in, or no fields to put back.
        for (String bad : List.of(badPacked, badPriority)) {
            assertEquals(StoreError.UNREADABLE, assertThrows(TaskStateException.class,
                    () -> store.retryDead(bad).await()).error());
        }
        var stats = store.stats("r").await();
        assertEquals(List.of(2L, 0L, 2L), List.of(stats.count(TaskStatus.PENDING),
                stats.count(TaskStatus.PROCESSING), stats.count(TaskStatus.DEAD)));
        assertEquals(Set.of(good, oddPriority),
                store.claim("r", "w2", 10, 1_000).await().stream().map(Task::id).collect(Collectors.toSet()));
    }

    @Test
    void aTaskClaimedBeforeWhoseAttemptsAreNotANumberGoesToDeadAndTheRestOfTheBatchIsClaimed() {
        // Stored data gone wrong in a task that waits as a hash of its own (released here). The claim script failed
        // on its attempts after popping the batch's ids: lost, the good ones with it.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(store.enqueue(NewTask.of("t", new JsonObject())).await().taskId());
        }
        Task first = store.claim("default", "w", 1, 60_000).await().get(0);
        store.release(first.id(), first.leaseToken()).await();
        raw(Command.HSET, keys.task(first.id()), "attempts", "many");

        List<Task> claimed = store.claim("default", "w", 10, 60_000).await();

        assertEquals(ids.subList(1, 3), claimed.stream().map(Task::id).toList());
        assertEquals("dead", raw(Command.HGET, keys.task(first.id()), "status").toString());
        assertEquals("its stored fields cannot be read", raw(Command.HGET, keys.task(first.id()), "error").toString());
        var stats = store.stats("default").await();
        assertEquals(List.of(0L, 2L, 1L), List.of(stats.count(TaskStatus.PENDING),
                stats.count(TaskStatus.PROCESSING), stats.count(TaskStatus.DEAD)));
    }

    @Test
    void aClaimedTaskWhoseHashLostItsAttemptsIsReapedToDeadNotDropped() {
        // The reaper took it out of processing and, finding no attempts, left it in no set.
        String id = store.enqueue(NewTask.of("t", new JsonObject()).withQueue("r")).await().taskId();
        store.claim("r", "w", 1, 1_000).await();
        raw(Command.HDEL, keys.task(id), "attempts");
        clock.advance(1_001);

        assertEquals(List.of(new Reaped(id, TaskStatus.DEAD, "t")), store.reap("r", 10).await());
        assertEquals("its stored fields cannot be read", store.get(id).await().error().message());
        assertEquals(1, store.stats("r").await().count(TaskStatus.DEAD));
    }

    @Test
    void aDeadLetterWhoseMaxAttemptsIsNotANumberIsNotRetried() {
        // Put back, every claim of it would fail to decode and the reaper send it back to dead: a retry that says
        // it worked, again and again.
        String id = store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(1)).await().taskId();
        Task t = store.claim("default", "w", 1, 60_000).await().get(0);
        assertEquals(TaskStatus.DEAD, store.fail(t.id(), t.leaseToken(), "boom", true).await());
        raw(Command.HSET, keys.task(id), "maxAttempts", "");

        assertEquals(StoreError.UNREADABLE, assertThrows(TaskStateException.class,
                () -> store.retryDead(id).await()).error());
        assertEquals("dead", raw(Command.HGET, keys.task(id), "status").toString());
        assertEquals(0, readyCount("default"));
    }
}
