package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.TaskStatus;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueuesTest extends WorkerFixture {

    @Test
    void aWorkerConfiguredForOneQueueServesOnlyThatQueue() {
        deployWorker(new JsonObject().put("WORKER_QUEUES", "email"));
        String mail = submit(NewTask.of("echo", new JsonObject()).withQueue("email"));
        String other = submit(NewTask.of("echo", new JsonObject()));

        awaitStatus(mail, TaskStatus.COMPLETED, Duration.ofSeconds(5));
        // Several ticks later the other queue's task is still waiting.
        long until = System.currentTimeMillis() + 600;
        Poll.until(Duration.ofSeconds(2), "three ticks pass", () -> System.currentTimeMillis() >= until);
        assertEquals(TaskStatus.PENDING, store.get(other).await().status());
    }

    @Test
    void queuesAreAskedInTheirConfiguredOrder() {
        // One slot, so each claim round takes one task: from the first queue that has one.
        String bulk = store.enqueue(NewTask.of("echo", new JsonObject()).withQueue("bulk")).await().taskId();
        String urgent = store.enqueue(NewTask.of("echo", new JsonObject()).withQueue("urgent")).await().taskId();

        deployWorker(new JsonObject().put("WORKER_QUEUES", "urgent,bulk").put("WORKER_CONCURRENCY", "1"));

        awaitStatus(bulk, TaskStatus.COMPLETED, Duration.ofSeconds(5));
        assertEquals(2, events.stream().filter(e -> "claimed".equals(e.getString("event"))).count());
        String first = events.stream().filter(e -> "claimed".equals(e.getString("event"))).findFirst().orElseThrow()
                .getString("taskId");
        assertEquals(urgent, first);
    }

    @Test
    void aWorkerServingEveryQueuePicksUpQueuesCreatedAfterItStarted() {
        deployWorker(new JsonObject());
        String late = submit(NewTask.of("echo", new JsonObject()).withQueue("brand-new"));
        awaitStatus(late, TaskStatus.COMPLETED, Duration.ofSeconds(5));

        // Even unannounced: the tick reads the registry.
        String quiet = store.enqueue(NewTask.of("echo", new JsonObject()).withQueue("quiet-one")).await().taskId();
        awaitStatus(quiet, TaskStatus.COMPLETED, Duration.ofSeconds(5));
    }
}
