package io.taskrail.worker;

import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.WorkerRegistry;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShutdownTest extends WorkerFixture {

    @Test
    void tasksStillRunningAfterTheGracePeriodAreReleasedUntouchedAndTheWorkerLeaves() {
        WorkerRegistry registry = WorkerRegistry.create(redis, new StoreOptions(), Clock.systemUTC());
        String deployment = deployWorker(new JsonObject().put("SHUTDOWN_GRACE_MS", "300"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit(simulate(new JsonObject().put("ms", 60_000))));
        }
        for (String id : ids) {
            awaitStatus(id, TaskStatus.PROCESSING, Duration.ofSeconds(5));
        }
        Poll.until(Duration.ofSeconds(5), "registered", () -> registry.live().await().size() == 1);

        long start = System.currentTimeMillis();
        vertx.undeploy(deployment).await();
        long took = System.currentTimeMillis() - start;

        assertTrue(took >= 300 && took < 5_000, "waited out the grace period: " + took + " ms");
        for (String id : ids) {
            Task t = store.get(id).await();
            assertEquals(TaskStatus.PENDING, t.status());
            assertEquals(0, t.attempts(), "released untouched");
            assertNull(t.workerId());
        }
        assertEquals(List.of(), registry.live().await(), "deregistered");
    }

    @Test
    void tasksThatFinishWithinTheGracePeriodCompleteBeforeTheWorkerStops() {
        String deployment = deployWorker(new JsonObject().put("SHUTDOWN_GRACE_MS", "10000"));
        String id = submit(simulate(new JsonObject().put("ms", 400)));
        awaitStatus(id, TaskStatus.PROCESSING, Duration.ofSeconds(5));

        vertx.undeploy(deployment).await();

        assertEquals(TaskStatus.COMPLETED, store.get(id).await().status());
    }
}
