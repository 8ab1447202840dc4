package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadHandlerTest extends WorkerFixture {

    @Test
    void aHandlerThatThrowsAnErrorFailsItsAttemptAndTheWorkerKeepsClaiming() {
        deployWorker(new JsonObject().put("WORKER_CONCURRENCY", "2"));

        Task failed = awaitStatus(submit(NewTask.of("explode", new JsonObject()).withMaxAttempts(1)), TaskStatus.DEAD,
                Duration.ofSeconds(5));
        assertTrue(failed.error().message().contains("MissingDependency"), failed.error().message());

        for (int i = 0; i < 5; i++) {
            awaitStatus(submit(NewTask.of("echo", new JsonObject())), TaskStatus.COMPLETED, Duration.ofSeconds(5));
        }
        assertEquals(5, store.stats("default").await().count(TaskStatus.COMPLETED));
    }

    @Test
    void aBlockingHandlerThatOverrunsItsTimeoutFailsAtOnceButKeepsItsSlotUntilItsThreadReturns() {
        deployWorker(new JsonObject().put("WORKER_CONCURRENCY", "1"));
        String hung = submit(NewTask.of("hang", new JsonObject().put("ms", 1_500)).withTimeoutMs(200)
                .withMaxAttempts(1));
        awaitStatus(hung, TaskStatus.PROCESSING, Duration.ofSeconds(5));
        String next = submit(NewTask.of("echo", new JsonObject()));

        Task dead = awaitStatus(hung, TaskStatus.DEAD, Duration.ofSeconds(5));
        assertEquals("timed out after 200 ms", dead.error().message());
        assertEquals(TaskStatus.PENDING, store.get(next).await().status(),
                "the only slot is still held by the hung thread");
        Task done = awaitStatus(next, TaskStatus.COMPLETED, Duration.ofSeconds(10));
        assertTrue(done.startedAt() >= dead.startedAt() + 1_400, "started once the thread came back");
    }
}
