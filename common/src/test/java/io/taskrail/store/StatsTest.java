package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.QueueStats;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsTest extends StoreFixture {

    @Test
    void countsEveryStatusAndKeepsRunningTotals() {
        for (int i = 0; i < 6; i++) {
            store.enqueue(NewTask.of("t", new JsonObject()).withMaxAttempts(1)).await();
        }
        store.enqueue(NewTask.of("t", new JsonObject()).withRunAt(clock.millis() + 60_000)).await();
        String toCancel = store.enqueue(NewTask.of("t", new JsonObject()).withRunAt(clock.millis() + 60_000))
                .await().taskId();
        store.cancel(toCancel).await();
        List<Task> claimed = store.claim("default", "w", 4, 10_000).await();
        store.ack(claimed.get(0).id(), claimed.get(0).leaseToken(), null).await();
        store.ack(claimed.get(1).id(), claimed.get(1).leaseToken(), null).await();
        store.fail(claimed.get(2).id(), claimed.get(2).leaseToken(), "x", true).await();

        QueueStats stats = store.stats("default").await();

        assertEquals(2, stats.count(TaskStatus.PENDING));
        assertEquals(1, stats.count(TaskStatus.SCHEDULED));
        assertEquals(1, stats.count(TaskStatus.PROCESSING));
        assertEquals(2, stats.count(TaskStatus.COMPLETED));
        assertEquals(1, stats.count(TaskStatus.DEAD));
        assertEquals(1, stats.count(TaskStatus.CANCELLED));
        assertEquals(8, stats.total("submitted"));
        assertEquals(java.util.Map.of("t", 8L), stats.submittedByType());
        assertEquals(2, stats.total("completed"));
        assertEquals(1, stats.total("failed"));
        assertEquals(0, stats.total("retried"));
        assertEquals(1, stats.total("dead"));
        assertEquals(1, stats.total("cancelled"));
        assertEquals(2, stats.toJson().getJsonObject("counts").getLong("pending"));
    }

    @Test
    void anUnusedQueueHasZeroes() {
        QueueStats stats = store.stats("nothing-here").await();
        for (TaskStatus s : TaskStatus.values()) {
            assertEquals(0, stats.count(s));
        }
        assertEquals(0, stats.total("submitted"));
    }
}
