package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.Priority;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromoteTest extends StoreFixture {

    @Test
    void promotesOnlyDueTasksIdempotentlyAndKeepsTheirPriority() {
        long t0 = clock.millis();
        String soonLow = store.enqueue(NewTask.of("t", new JsonObject()).withRunAt(t0 + 100)
                .withPriority(Priority.LOW)).await().taskId();
        String soonHigh = store.enqueue(NewTask.of("t", new JsonObject()).withRunAt(t0 + 200)
                .withPriority(Priority.HIGH)).await().taskId();
        String later = store.enqueue(NewTask.of("t", new JsonObject()).withRunAt(t0 + 10_000)).await().taskId();

        assertEquals(0, store.promote("default", 100).await());
        clock.advance(200);
        assertEquals(2, store.promote("default", 100).await());
        assertEquals(0, store.promote("default", 100).await());

        assertEquals(TaskStatus.PENDING, store.get(soonLow).await().status());
        assertEquals(TaskStatus.SCHEDULED, store.get(later).await().status());
        assertEquals(1, raw(Command.ZCARD, keys.queue("default").scheduled()).toLong());
        List<Task> claimed = store.claim("default", "w", 10, 1_000).await();
        assertEquals(List.of(soonHigh, soonLow), claimed.stream().map(Task::id).toList());
    }

    @Test
    void promoteHonoursItsLimit() {
        for (int i = 0; i < 7; i++) {
            store.enqueue(NewTask.of("t", new JsonObject()).withRunAt(clock.millis() + 10)).await();
        }
        clock.advance(10);
        assertEquals(5, store.promote("default", 5).await());
        assertEquals(2, store.promote("default", 5).await());
    }

    @Test
    void aPromotionOfMoreTasksThanLuaCanUnpackAtOnceMovesThemAll() {
        // Lua's unpack stops at about 8,000 values; a promotion that failed there would have made its tasks ready
        // while leaving them scheduled too, to be pushed again by the next one.
        long runAt = clock.millis() + 1_000;
        int total = 9_000;
        for (int from = 0; from < total; from += 1_000) {
            List<NewTask> batch = new ArrayList<>();
            for (int i = from; i < from + 1_000; i++) {
                batch.add(NewTask.of("t", new JsonObject()).withRunAt(runAt));
            }
            store.enqueueAll(batch).await();
        }
        clock.advance(1_000);

        assertEquals(total, store.promote("default", total).await());

        var stats = store.stats("default").await();
        assertEquals(total, stats.count(TaskStatus.PENDING));
        assertEquals(0, stats.count(TaskStatus.SCHEDULED));
        assertEquals(0, store.promote("default", total).await());
        assertEquals(total, readyCount("default"));
    }
}
