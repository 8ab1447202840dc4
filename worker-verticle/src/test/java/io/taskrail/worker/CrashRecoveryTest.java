package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrashRecoveryTest extends WorkerFixture {

    @Test
    void aTaskClaimedByAWorkerThatDiedRunsAgainOnAnotherOnceTheLeaseExpires() {
        String id = store.enqueue(NewTask.of("echo", new JsonObject().put("n", 1))).await().taskId();
        // A worker claims it with a short lease, then dies without a word.
        Task claimed = store.claim("default", "worker-that-crashed", 1, 300).await().get(0);
        assertEquals(id, claimed.id());

        deployWorker(new JsonObject().put("TICK_MS", "100"));

        Task done = awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(10));
        assertEquals(2, done.attempts(), "the lost attempt counts");
        assertTrue(done.workerId().startsWith("worker-"), done.workerId());
        assertEquals(1, done.result().getInteger("n"));
        // The completed event is published just after the ack is stored: wait for it, not for the status alone.
        io.taskrail.testing.Poll.until(Duration.ofSeconds(5), "every event", () -> eventsOf(id).size() >= 4);
        List<String> steps = eventsOf(id);
        assertEquals(List.of("failed", "retried", "claimed", "completed"), steps);
    }
}
