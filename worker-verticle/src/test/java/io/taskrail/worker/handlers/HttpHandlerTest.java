package io.taskrail.worker.handlers;

import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.worker.WorkerFixture;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The http handler, run by a worker, against a real HTTP server on loopback. */
class HttpHandlerTest extends WorkerFixture {
    private final ConcurrentLinkedQueue<JsonObject> received = new ConcurrentLinkedQueue<>();
    private int port;

    @BeforeEach
    void serverAndWorker() {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            received.add(new JsonObject().put("method", req.method().name()).put("path", req.path())
                    .put("signature", req.getHeader("X-Signature")).put("body", body.toString()));
            switch (req.path()) {
                case "/hook" -> req.response().putHeader("X-Reply", "yes").setStatusCode(201).end("{\"ok\":true}");
                case "/busy" -> req.response().setStatusCode(503).end();
                default -> req.response().setStatusCode(404).end();
            }
        }));
        port = server.listen(0, "127.0.0.1").await().actualPort();
        deployWorker(new JsonObject().put("HTTP_ALLOWED_HOSTS", "127.0.0.1,*.example.com").put("TICK_MS", "50"));
    }

    @Test
    void deliversTheRequestAndReturnsStatusHeadersAndBody() {
        String id = submit(NewTask.of("http", new JsonObject().put("url", "http://127.0.0.1:" + port + "/hook")
                .put("method", "POST").put("headers", new JsonObject().put("X-Signature", "abc"))
                .put("body", new JsonObject().put("event", "paid"))));

        Task done = awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(10));

        assertEquals(201, done.result().getInteger("status"));
        assertEquals("yes", done.result().getJsonObject("headers").getString("x-reply"));
        assertEquals("{\"ok\":true}", done.result().getString("body"));
        JsonObject request = received.peek();
        assertEquals("POST", request.getString("method"));
        assertEquals("abc", request.getString("signature"));
        assertEquals("paid", new JsonObject(request.getString("body")).getString("event"));
    }

    @Test
    void aServerErrorIsRetriedAndAClientErrorIsFinal() {
        String busy = submit(NewTask.of("http", new JsonObject().put("url", "http://127.0.0.1:" + port + "/busy"))
                .withMaxAttempts(2));
        String missing = submit(NewTask.of("http", new JsonObject().put("url", "http://127.0.0.1:" + port + "/gone"))
                .withMaxAttempts(5));

        Task retried = awaitStatus(busy, TaskStatus.DEAD, Duration.ofSeconds(10));
        assertEquals(2, retried.attempts());
        assertTrue(retried.error().message().contains("503"), retried.error().message());
        Task finalFailure = awaitStatus(missing, TaskStatus.DEAD, Duration.ofSeconds(10));
        assertEquals(1, finalFailure.attempts(), "a 404 is not retried");
    }

    @Test
    void anExpectedStatusListCountsAsSuccess() {
        String id = submit(NewTask.of("http", new JsonObject().put("url", "http://127.0.0.1:" + port + "/gone")
                .put("expectStatus", new JsonArray().add(404).add(410))));
        assertEquals(404, awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(10)).result().getInteger("status"));
    }

    @Test
    void hostsOffTheAllowListAndOtherSchemesAreRefusedWithoutACall() {
        String internal = submit(NewTask.of("http", new JsonObject().put("url", "http://localhost:" + port + "/hook"))
                .withMaxAttempts(3));
        String file = submit(NewTask.of("http", new JsonObject().put("url", "file:///etc/passwd")).withMaxAttempts(3));

        Task refused = awaitStatus(internal, TaskStatus.DEAD, Duration.ofSeconds(10));
        assertEquals(1, refused.attempts());
        assertTrue(refused.error().message().contains("HTTP_ALLOWED_HOSTS"), refused.error().message());
        assertEquals(1, awaitStatus(file, TaskStatus.DEAD, Duration.ofSeconds(10)).attempts());
        assertTrue(received.isEmpty(), "no request was made");
    }
}
