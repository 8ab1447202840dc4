package io.taskrail.producer;

import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.WorkerInfo;
import io.taskrail.WorkerRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusRoutesTest extends ProducerFixture {

    @Test
    void statsCountEveryStatusPerQueueAndInTotal() {
        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"a\"}");
        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"a\"}");
        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"b\",\"delayMs\":60000}");
        Task t = store.claim("a", "w", 1, 60_000).await().get(0);
        store.ack(t.id(), t.leaseToken(), null).await();

        JsonObject stats = get("/stats").json();

        JsonObject a = stats.getJsonObject("queues").getJsonObject("a");
        assertEquals(1, a.getJsonObject("counts").getLong("pending"));
        assertEquals(1, a.getJsonObject("counts").getLong("completed"));
        assertEquals(2, a.getJsonObject("totals").getLong("submitted"));
        assertEquals(1, stats.getJsonObject("queues").getJsonObject("b").getJsonObject("counts")
                .getLong("scheduled"));
        assertEquals(1, stats.getJsonObject("counts").getLong("pending"));
        assertEquals(1, stats.getJsonObject("counts").getLong("scheduled"));
        assertEquals(3, stats.getJsonObject("totals").getLong("submitted"));
        assertEquals(1, stats.getJsonObject("totals").getLong("completed"));
    }

    @Test
    void workersListsTheLiveRegistry() {
        WorkerRegistry registry = WorkerRegistry.create(redis, new StoreOptions(), Clock.systemUTC());
        registry.heartbeat(new WorkerInfo("worker-1", "box", 77, List.of("email"), 16, 2, 40, 3,
                System.currentTimeMillis() - 1_000, 0)).await();

        JsonObject w = get("/workers").json().getJsonArray("workers").getJsonObject(0);

        assertEquals("worker-1", w.getString("id"));
        assertEquals("box", w.getString("host"));
        assertEquals(77, w.getLong("pid"));
        assertEquals("email", w.getJsonArray("queues").getString(0));
        assertEquals(16, w.getInteger("concurrency"));
        assertEquals(2, w.getInteger("inFlight"));
        assertEquals(40, w.getLong("processed"));
        assertEquals(3, w.getLong("failed"));
        assertEquals(true, w.getLong("lastHeartbeat") > 0);
    }

    @Test
    void healthReportsRedisAndCluster() {
        Reply health = get("/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.json().getString("status"));
        assertEquals("UP", health.json().getJsonObject("redis").getString("status"));
        assertEquals("standalone", health.json().getJsonObject("cluster").getString("mode"));
    }
}
