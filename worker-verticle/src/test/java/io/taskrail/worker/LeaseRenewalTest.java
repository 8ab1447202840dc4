package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LeaseRenewalTest extends WorkerFixture {

    @Test
    void aTaskLongerThanItsLeaseKeepsItAndRunsOnceWhileOthersReap() {
        // Two workers, leases of 300 ms renewed every 100 ms (every second run of a 50 ms sweep), reapers ticking
        // every 50 ms.
        JsonObject config = new JsonObject().put("LEASE_MS", "300").put("TICK_MS", "50");
        deployWorker(config);
        deployWorker(config);

        String id = submit(simulate(new JsonObject().put("ms", 1_500)));

        Task done = awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(10));
        assertEquals(1, done.attempts());
        // The completed event is published just after the ack is stored: wait for it, not for the status alone.
        io.taskrail.testing.Poll.until(Duration.ofSeconds(5), "both events", () -> eventsOf(id).size() >= 2);
        assertEquals(List.of("claimed", "completed"), eventsOf(id));
    }
}
