package io.taskrail.worker;

import io.taskrail.StoreOptions;
import io.taskrail.WorkerInfo;
import io.taskrail.WorkerRegistry;
import io.taskrail.bus.Addresses;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTest extends WorkerFixture {

    @Test
    void withAHealthPortTheWorkerAnswersHealthChecks() throws Exception {
        int port = io.taskrail.redis.EmbeddedRedis.freePort();
        WorkerVerticle worker = new WorkerVerticle();
        deployWorker(worker, new JsonObject().put("HEALTH_PORT", Integer.toString(port)));
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        JsonObject health = new JsonObject(response.body());
        assertEquals("UP", health.getString("status"));
        assertEquals(worker.workerId(), health.getJsonObject("worker").getString("id"));
    }

    @Test
    void aWorkerRegistersItselfAndHeartbeatsInRedisAndOnTheBus() {
        ConcurrentLinkedQueue<JsonObject> beats = new ConcurrentLinkedQueue<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.WORKERS_HEARTBEAT, m -> beats.add(m.body())).completion()
                .await();
        WorkerVerticle worker = new WorkerVerticle();
        deployWorker(worker, new JsonObject().put("WORKER_QUEUES", "a,b").put("WORKER_CONCURRENCY", "7"));
        awaitStatus(submit(simulate(new JsonObject()).withQueue("a")), io.taskrail.TaskStatus.COMPLETED,
                Duration.ofSeconds(5));

        WorkerRegistry registry = WorkerRegistry.create(redis, new StoreOptions(), Clock.systemUTC());
        Poll.until(Duration.ofSeconds(5), "the heartbeat shows the completed task",
                () -> registry.live().await().stream().anyMatch(w -> w.processed() == 1));
        WorkerInfo info = registry.live().await().get(0);
        assertEquals(worker.workerId(), info.id());
        assertEquals(List.of("a", "b"), info.queues());
        assertEquals(7, info.concurrency());
        assertEquals(ProcessHandle.current().pid(), info.pid());
        assertTrue(info.startedAt() > 0 && info.lastHeartbeat() >= info.startedAt());
        Poll.until(Duration.ofSeconds(5), "two heartbeats on the bus", () -> beats.size() >= 2);
        assertEquals(worker.workerId(), beats.peek().getString("id"));
    }
}
