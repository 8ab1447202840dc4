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
}
