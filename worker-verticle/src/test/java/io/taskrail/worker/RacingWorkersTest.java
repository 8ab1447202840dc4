package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.QueueStats;
import io.taskrail.TaskStatus;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RacingWorkersTest extends WorkerFixture {
    private static final int TASKS = 1_500;

    @Test
    void severalWorkersRacingForTheSameTasksHandleEachOnce() {
        for (int w = 0; w < 3; w++) {
            deployWorker(new JsonObject().put("WORKER_CONCURRENCY", "8"));
        }
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            batch.add(NewTask.of(i % 2 == 0 ? "echo" : "simulate", new JsonObject().put("ms", i % 3)));
        }
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < TASKS; from += 500) {
            store.enqueueAll(batch.subList(from, from + 500)).await().forEach(r -> ids.add(r.taskId()));
            vertx.eventBus().publish(io.taskrail.bus.Addresses.TASKS_NEW, new JsonObject().put("queue", "default"));
        }

        Poll.until(Duration.ofSeconds(60), "every task completed",
                () -> store.stats("default").await().count(TaskStatus.COMPLETED) == TASKS);

        QueueStats stats = store.stats("default").await();
        assertEquals(0, stats.total("failed"));
        assertEquals(0, stats.total("retried"));
        Map<String, Long> claims = events.stream().filter(e -> "claimed".equals(e.getString("event")))
                .collect(Collectors.groupingBy(e -> e.getString("taskId"), Collectors.counting()));
        assertEquals(TASKS, claims.size());
        assertTrue(claims.values().stream().allMatch(n -> n == 1), "each task claimed exactly once");
        assertTrue(ids.stream().allMatch(claims::containsKey));
        long workersUsed = events.stream().map(e -> e.getString("workerId")).distinct().count();
        assertEquals(3, workersUsed, "all three workers took a share");
    }
}
