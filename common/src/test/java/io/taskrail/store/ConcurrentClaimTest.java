package io.taskrail.store;

import io.taskrail.Completion;
import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrentClaimTest extends StoreFixture {
    private static final int TASKS = 5_000;
    private static final int CLAIMERS = 24;

    @Test
    void manyRacingClaimersNeverClaimATaskTwiceAndNeverLoseOne() {
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            batch.add(NewTask.of("t", new JsonObject().put("i", i)).withPriority(i % 10));
        }
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < TASKS; from += 1_000) {
            store.enqueueAll(batch.subList(from, from + 1_000)).await().forEach(r -> ids.add(r.taskId()));
        }

        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        List<Future<Void>> claimers = new ArrayList<>();
        for (int c = 0; c < CLAIMERS; c++) {
            String worker = "w" + c;
            int batchSize = 1 + c % 8;
            Promise<Void> done = Promise.promise();
            // Each claimer loops on a context of its own, as a worker verticle would.
            vertx.getOrCreateContext().runOnContext(v -> claimLoop(worker, batchSize, claimedBy, duplicates, done));
            claimers.add(done.future());
        }
        Future.all(claimers).await();

        assertEquals(0, duplicates.get(), "no task is claimed twice");
        assertEquals(TASKS, claimedBy.size(), "every task is claimed once");
        var stats = store.stats("default").await();
        assertEquals(TASKS, stats.count(TaskStatus.COMPLETED));
        assertEquals(0, stats.count(TaskStatus.PENDING) + stats.count(TaskStatus.PROCESSING));
        assertTrue(claimedBy.keySet().containsAll(ids));
        assertTrue(claimedBy.values().stream().distinct().count() > 1, "the work was shared");
    }

    private void claimLoop(String worker, int batchSize, Map<String, String> claimedBy, AtomicInteger duplicates,
                           Promise<Void> done) {
        store.claim("default", worker, batchSize, 60_000).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
                return;
            }
            List<Task> claimed = ar.result();
            if (claimed.isEmpty()) {
                done.complete();
                return;
            }
            List<Completion> acks = new ArrayList<>();
            for (Task t : claimed) {
                if (claimedBy.putIfAbsent(t.id(), worker) != null) {
                    duplicates.incrementAndGet();
                }
                acks.add(new Completion(t.id(), t.leaseToken(), null));
            }
            store.ackAll(acks).onComplete(acked -> {
                if (acked.failed() || !acked.result().stream().allMatch(o -> o.acked())) {
                    done.fail("ack refused: " + (acked.failed() ? acked.cause() : acked.result()));
                } else {
                    claimLoop(worker, batchSize, claimedBy, duplicates, done);
                }
            });
        });
    }
}
