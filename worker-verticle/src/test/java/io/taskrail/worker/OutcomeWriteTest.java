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

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** With a replica required and none there, Redis answers every write with NOREPLICAS at once. */
    private Future<Response> refuseWrites(boolean refuse) {
        return redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("min-replicas-to-write").arg(refuse ? "1" : "0"));
    }
}
