package io.taskrail.store;

import io.taskrail.Backoff;
import io.taskrail.NewTask;
import io.taskrail.StoreError;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailTest extends StoreFixture {
    private static final Backoff BACKOFF = new Backoff(1_000, 3.0, 20_000, 0.25);

    @Override
    protected StoreOptions options() {
        return new StoreOptions().setBackoff(BACKOFF);
    }

    @Test
    void failuresRetryWithExponentialBackoffWithinJitterBoundsThenDie() {
        String id = store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(5)).await().taskId();
        // 1 s, 3 s, 9 s, then 27 s capped at 20 s: the cap also bounds the jitter, so the last delay is exact.
        long[] base = {1_000, 3_000, 9_000, 20_000};

        for (int attempt = 1; attempt <= 4; attempt++) {
            Task t = claimWhenDue();
            assertEquals(attempt, t.attempts());
            long failedAt = clock.millis();

            assertEquals(TaskStatus.SCHEDULED, store.fail(id, t.leaseToken(), "boom " + attempt, true).await());

            Task retry = store.get(id).await();
            long delay = retry.runAt() - failedAt;
            long low = base[attempt - 1];
            long high = Math.min(20_000, (long) (low * 1.25));
            assertTrue(delay >= low && delay <= high, "attempt " + attempt + ": delay " + delay
                    + " not in [" + low + ", " + high + "]");
            assertEquals("boom " + attempt, retry.error().message());
            assertEquals(attempt, retry.error().attempt());
            assertEquals(delay, raw(Command.ZSCORE, keys.queue("default").scheduled(), id).toLong() - failedAt);
            // Not claimable before its time.
            clock.advance(low - 1);
            assertEquals(0, store.claim("default", "w", 1, 1_000).await().size());
            clock.advance(high - low + 1);
        }

        Task last = claimWhenDue();
        assertEquals(TaskStatus.DEAD, store.fail(id, last.leaseToken(), "final", true).await());
        Task dead = store.get(id).await();
        assertEquals(TaskStatus.DEAD, dead.status());
        assertEquals("final", dead.error().message());
        assertEquals(5, dead.error().attempt());
        assertEquals(1, raw(Command.ZCARD, keys.queue("default").dead()).toLong());
        var stats = store.stats("default").await();
        assertEquals(5, stats.total("failed"));
        assertEquals(4, stats.total("retried"));
        assertEquals(1, stats.total("dead"));
    }

    @Test
    void aNonRetryableErrorGoesStraightToDead() {
        String id = store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(5)).await().taskId();
        Task t = store.claim("default", "w", 1, 1_000).await().get(0);

        assertEquals(TaskStatus.DEAD, store.fail(id, t.leaseToken(), "bad payload", false).await());
        assertEquals(TaskStatus.DEAD, store.get(id).await().status());
    }

    @Test
    void aFailWithoutTheLeaseIsRefused() {
        String id = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();
        TaskStateException notClaimed = assertThrows(TaskStateException.class,
                () -> store.fail(id, 1, "x", true).await());
        assertEquals(StoreError.LEASE_LOST, notClaimed.error());
        assertEquals(TaskStatus.PENDING, store.get(id).await().status());
    }

    @Test
    void aFailSentAgainAfterItLandedGetsTheAnswerOfTheOneThatLanded() {
        // A worker whose fail reply was lost sends it again: the failure is recorded once, and the worker is told
        // what became of the task, not that it lost the lease.
        String retried = store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(3)).await().taskId();
        String dead = store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(3)).await().taskId();
        Task r = store.claim("default", "w", 1, 1_000).await().get(0);
        Task d = store.claim("default", "w", 1, 1_000).await().get(0);
        assertEquals(retried, r.id());
        assertEquals(TaskStatus.SCHEDULED, store.fail(retried, r.leaseToken(), "flaky", true).await());
        assertEquals(TaskStatus.DEAD, store.fail(dead, d.leaseToken(), "bad payload", false).await());

        assertEquals(TaskStatus.SCHEDULED, store.fail(retried, r.leaseToken(), "flaky", true).await());
        assertEquals(TaskStatus.DEAD, store.fail(dead, d.leaseToken(), "bad payload", false).await());

        var stats = store.stats("default").await();
        assertEquals(2, stats.total("failed"), "each failure counted once");
        assertEquals(1, stats.total("retried"));
        assertEquals(1, stats.total("dead"));
        assertEquals(1, store.get(retried).await().attempts());
    }

    @Test
    void aStaleFailAfterTheTaskFailedUnderAnotherLeaseIsStillRefused() {
        String id = store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(3)).await().taskId();
        Task first = store.claim("default", "slow", 1, 1_000).await().get(0);
        clock.advance(1_001);
        store.reap("default", 10).await();
        Task second = store.claim("default", "fast", 1, 60_000).await().get(0);
        assertEquals(TaskStatus.SCHEDULED, store.fail(id, second.leaseToken(), "fast failed", true).await());

        TaskStateException refused = assertThrows(TaskStateException.class,
                () -> store.fail(id, first.leaseToken(), "slow failed", true).await());

        assertEquals(StoreError.LEASE_LOST, refused.error());
        assertEquals("fast failed", store.get(id).await().error().message());
    }

    private Task claimWhenDue() {
        var claimed = store.claim("default", "w", 1, 60_000).await();
        assertEquals(1, claimed.size(), "the task is due");
        return claimed.get(0);
    }
}
