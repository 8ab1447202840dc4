package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.StoreError;
import io.taskrail.Task;
import io.taskrail.TaskPage;
import io.taskrail.TaskQuery;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterTest extends StoreFixture {

    @Test
    void deadLettersAreListedPagedAndRetriedOneByOne() {
        List<String> dead = kill(5, "q", "k");
        Set<String> seen = new HashSet<>();
        TaskPage page = store.list(TaskQuery.of(TaskStatus.DEAD).inQueue("q").withLimit(2)).await();
        int pages = 0;
        while (true) {
            pages++;
            page.tasks().forEach(t -> seen.add(t.id()));
            if (page.cursor() == null) {
                break;
            }
            page = store.list(TaskQuery.of(TaskStatus.DEAD).inQueue("q").withLimit(2).after(page.cursor())).await();
        }
        assertEquals(Set.copyOf(dead), seen);
        assertTrue(pages >= 3);

        store.retryDead(dead.get(0)).await();

        Task retried = store.get(dead.get(0)).await();
        assertEquals(TaskStatus.PENDING, retried.status());
        assertEquals(0, retried.attempts());
        assertEquals(0, retried.finishedAt());
        assertEquals(-1, raw(Command.PTTL, keys.task(dead.get(0))).toLong(), "a retried task no longer expires");
        assertEquals(-1, raw(Command.PTTL, keys.queue("q").idempotency("k0")).toLong());
        assertEquals(4, store.stats("q").await().count(TaskStatus.DEAD));
        Task again = store.claim("q", "w", 1, 1_000).await().get(0);
        assertEquals(dead.get(0), again.id());
        assertEquals(1, again.attempts());
    }

    @Test
    void retryAllMovesEveryDeadLetterBackInChunks() {
        kill(1_203, "bulk", null);

        assertEquals(1_203L, store.retryAllDead("bulk").await());

        assertEquals(0, raw(Command.ZCARD, keys.queue("bulk").dead()).toLong());
        assertEquals(1_203, readyCount("bulk"));
    }

    @Test
    void deleteRemovesOneAndPurgeRemovesAllForGood() {
        List<String> dead = kill(3, "p", "key");

        store.deleteDead(dead.get(0)).await();
        assertNull(store.get(dead.get(0)).await());
        assertEquals(0, raw(Command.EXISTS, keys.queue("p").idempotency("key0")).toLong());

        assertEquals(2L, store.purgeDead("p").await());
        assertEquals(0, raw(Command.ZCARD, keys.queue("p").dead()).toLong());
        assertNull(store.get(dead.get(1)).await());
    }

    @Test
    void onlyDeadTasksCanBeRetriedOrDeletedAsDeadLetters() {
        String pending = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();

        assertEquals(StoreError.WRONG_STATE, assertThrows(TaskStateException.class,
                () -> store.retryDead(pending).await()).error());
        assertEquals(StoreError.WRONG_STATE, assertThrows(TaskStateException.class,
                () -> store.deleteDead(pending).await()).error());
        assertEquals(StoreError.NOT_FOUND, assertThrows(TaskStateException.class,
                () -> store.retryDead("default:GONE").await()).error());
        assertEquals(TaskStatus.PENDING, store.get(pending).await().status());
    }

    @Test
    void deadLettersWhoseFieldsCannotBeReadStayDeadAndASweepGoesPastThem() {
        // More than a sweep's chunk (500) of letters that went to dead because their stored fields could not be read.
        // A retry put such a letter back with no priority: the script failed after it had taken it out of dead, and
        // the task was in no set. A sweep that left them in place would have taken the same chunk for ever.
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            batch.add(NewTask.of("t", new JsonObject()).withQueue("bad"));
        }
        List<String> unreadable = new ArrayList<>();
        store.enqueueAll(batch).await().forEach(r -> unreadable.add(r.taskId()));
        for (String id : unreadable) {
            raw(Command.HSET, keys.queue("bad").pending(), id, "not msgpack");
        }
        assertEquals(List.of(), store.claim("bad", "w", 1_000, 60_000).await());
        String good = kill(1, "bad", null).get(0);

        assertEquals(StoreError.UNREADABLE, assertThrows(TaskStateException.class,
                () -> store.retryDead(unreadable.get(0)).await()).error());
        assertEquals(1L, store.retryAllDead("bad").await());

        assertEquals(600, raw(Command.ZCARD, keys.queue("bad").dead()).toLong());
        assertEquals(TaskStatus.DEAD, store.get(unreadable.get(599)).await().status());
        assertEquals(TaskStatus.PENDING, store.get(good).await().status());
        assertEquals(1, readyCount("bad"));
        assertEquals(600L, store.purgeDead("bad").await());
    }

    /** Enqueues n single-attempt tasks and fails them all into the dead-letter set. */
    private List<String> kill(int n, String queue, String idempotencyPrefix) {
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NewTask t = NewTask.of("t", new JsonObject()).withQueue(queue).withMaxAttempts(1);
            batch.add(idempotencyPrefix == null ? t : t.withIdempotencyKey(idempotencyPrefix + i));
        }
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < n; from += 1_000) {
            store.enqueueAll(batch.subList(from, Math.min(n, from + 1_000))).await()
                    .forEach(r -> ids.add(r.taskId()));
        }
        List<Task> claimed;
        while (!(claimed = store.claim(queue, "w", 500, 60_000).await()).isEmpty()) {
            for (Task t : claimed) {
                store.fail(t.id(), t.leaseToken(), "no luck", true).await();
            }
        }
        return ids;
    }
}
