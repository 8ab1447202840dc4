package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryTest extends WorkerFixture {

    @BeforeEach
    void worker() {
        deployWorker(new JsonObject().put("TICK_MS", "50"));
    }

    @Test
    void aTaskThatFailsTwiceSucceedsOnItsThirdAttempt() {
        String id = submit(simulate(new JsonObject().put("failAttempts", 2)).withMaxAttempts(3));

        Task done = awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(10));

        assertEquals(3, done.attempts());
        assertEquals("simulated failure", done.error().message(), "the last error is kept as history");
        assertEquals(3, done.result().getInteger("attempt"));
    }

    @Test
    void aTaskThatAlwaysFailsEndsDeadWithItsLastError() {
        String id = submit(simulate(new JsonObject().put("failAttempts", 99).put("failMessage", "card declined"))
                .withMaxAttempts(3));

        Task dead = awaitStatus(id, TaskStatus.DEAD, Duration.ofSeconds(10));

        assertEquals(3, dead.attempts());
        assertEquals("card declined", dead.error().message());
        assertEquals(3, dead.error().attempt());
        awaitEvents(id, 9);
        assertEquals(List.of("claimed", "failed", "retried", "claimed", "failed", "retried", "claimed", "failed",
                "dead"), eventsOf(id));
    }

    @Test
    void aNonRetryableFailureGoesStraightToDead() {
        String id = submit(simulate(new JsonObject().put("ms", -5)).withMaxAttempts(5));
        Task dead = awaitStatus(id, TaskStatus.DEAD, Duration.ofSeconds(5));
        assertEquals(1, dead.attempts());
        assertTrue(dead.error().message().contains("ms must be"), dead.error().message());
    }

    @Test
    void anAttemptOverItsTimeoutFails() {
        String id = submit(simulate(new JsonObject().put("ms", 10_000)).withTimeoutMs(200).withMaxAttempts(1));
        Task dead = awaitStatus(id, TaskStatus.DEAD, Duration.ofSeconds(5));
        assertEquals("timed out after 200 ms", dead.error().message());
    }

    private void awaitEvents(String id, int n) {
        io.taskrail.testing.Poll.until(Duration.ofSeconds(5), n + " events", () -> eventsOf(id).size() >= n);
    }
}
