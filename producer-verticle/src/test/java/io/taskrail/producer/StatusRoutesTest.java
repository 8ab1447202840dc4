package io.taskrail.producer;

import io.taskrail.NewTask;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.WorkerInfo;
import io.taskrail.WorkerRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusRoutesTest extends ProducerFixture {

    /**
     * A thousand queues' stats, ten requests at once, are 10,000 Redis calls: on a busy 2-core machine they once took
     * longer than the default 2 s timeout (503 once in about six runs of the module's tests). What is tested here is
     * that they all fit in the client's queue of waiting calls, not how fast Redis answers them.
     */
    @Override
    protected JsonObject config() {
        return super.config().put("REDIS_TIMEOUT_MS", "10000");
    }

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

    @Test
    void statsOfAThousandQueuesAskedTenAtOnceAllAnswer() throws Exception {
        // The stats calls, one per queue, go a few at a time; all at once, 20,000 queues overflowed the Redis
        // client's 8,192 waiting calls (503 with Redis healthy). A thousand, ten requests at once, did not.
        List<NewTask> tasks = new ArrayList<>();
        for (int q = 0; q < 1_000; q++) {
            tasks.add(NewTask.of("t", new JsonObject()).withQueue("q" + q));
        }
        store.enqueueAll(tasks).await();

        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(http.sendAsync(request("/stats").timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            HttpResponse<String> stats = reply.get(60, TimeUnit.SECONDS);
            assertEquals(200, stats.statusCode(), stats.body());
            assertEquals(1_000, new JsonObject(stats.body()).getJsonObject("queues").size());
        }
    }
}
