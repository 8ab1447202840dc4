package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Test
    void aNonBlockingHandlerThatNeverAnswersTimesOutCountingTheTimeItHeldTheEventLoop() {
        deployWorker(new JsonObject().put("WORKER_CONCURRENCY", "1"));
        String stalled = submit(NewTask.of("stall", new JsonObject().put("ms", 600)).withTimeoutMs(500)
                .withMaxAttempts(1));

        Task dead = awaitStatus(stalled, TaskStatus.DEAD, Duration.ofSeconds(5));
        assertEquals("timed out after 500 ms", dead.error().message());
        // Its timer is set when the handler returns, for what is left of the 500 ms: none, so it fires at once,
        // not 500 ms after the call's 600 (the margin is for a slow machine).
        long ranMs = dead.finishedAt() - dead.startedAt();
        assertTrue(ranMs >= 600 && ranMs < 1_000, "ran " + ranMs + " ms");
        awaitStatus(submit(NewTask.of("echo", new JsonObject())), TaskStatus.COMPLETED, Duration.ofSeconds(5));
    }

    @Test
    void aWorkerWhoseEverySlotIsHeldByOverrunHandlersSaysSoOnItsHealth() {
        // Nothing frees a slot whose blocking handler hangs past its timeout but the handler itself: with every
        // slot held, the worker runs nothing more, and its health says so, so that it can be restarted.
        int port = io.taskrail.redis.EmbeddedRedis.freePort();
        deployWorker(new JsonObject().put("WORKER_CONCURRENCY", "2").put("HEALTH_PORT", Integer.toString(port)));
        for (int i = 0; i < 2; i++) {
            submit(NewTask.of("hang", new JsonObject().put("ms", 3_000)).withTimeoutMs(200).withMaxAttempts(1));
        }

        Poll.until(Duration.ofSeconds(10), "health says every slot is held", () -> {
            HttpResponse<String> health = health(port);
            return health.statusCode() == 503 && new JsonObject(health.body()).getJsonObject("slots")
                    .getInteger("heldByOverrunHandlers") == 2;
        });
        // The handlers return after 3 s: the slots are free again, and so is the worker.
        Poll.until(Duration.ofSeconds(15), "health is UP again", () -> health(port).statusCode() == 200);
    }

    private static HttpResponse<String> health(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("GET /health", e);
        }
    }
}
