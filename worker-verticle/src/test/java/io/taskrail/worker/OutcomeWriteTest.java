package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomeWriteTest extends WorkerFixture {

    @Test
    void aFinishedTasksOutcomeIsStoredOnceRedisTakesWritesAgainWhileItsLeaseHolds() {
        // Redis refuses every write for 5 s (as while it restarts, or has lost its replica), from just before the
        // task finishes. The worker used to give the outcome up after 5 tries in about 3 s; the task then sat under
        // its lease until the reaper ran it again.
        deployWorker(new JsonObject().put("LEASE_MS", "20000").put("REDIS_TIMEOUT_MS", "300"));
        String id = submit(simulate(new JsonObject().put("ms", 400)));
        Poll.until(Duration.ofSeconds(10), "the task is claimed", () -> eventsOf(id).contains("claimed"));

        refuseWrites(true).await();
        try {
            vertx.setTimer(5_000, t -> refuseWrites(false));
            Task done = awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(12));
            assertEquals(1, done.attempts());
        } finally {
            refuseWrites(false).await();
        }
        Poll.until(Duration.ofSeconds(5), "the completed event", () -> eventsOf(id).contains("completed"));
        assertEquals(List.of("claimed", "completed"), eventsOf(id));
    }

    @Test
    void aStoppingWorkerWaitsForUnstoredOutcomesOnlySoLong() throws Exception {
        // The outcome is tried again until the lease would be over, a minute here: a stopping worker waits for it
        // 10 s at most, then leaves it to the lease.
        String worker = deployWorker(new JsonObject().put("LEASE_MS", "60000").put("REDIS_TIMEOUT_MS", "300")
                .put("SHUTDOWN_GRACE_MS", "5000"));
        String id = submit(simulate(new JsonObject().put("ms", 300)));
        Poll.until(Duration.ofSeconds(10), "the task is claimed", () -> eventsOf(id).contains("claimed"));
        refuseWrites(true).await();
        try {
            long start = System.nanoTime();
            vertx.undeploy(worker).toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs < 25_000, "stopped in " + tookMs + " ms");
        } finally {
            refuseWrites(false).await();
        }
        assertEquals(TaskStatus.PROCESSING, store.get(id).await().status(), "left to its lease");
    }

    /** With a replica required and none there, Redis answers every write with NOREPLICAS at once. */
    private Future<Response> refuseWrites(boolean refuse) {
        return redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("min-replicas-to-write").arg(refuse ? "1" : "0"));
    }
}
