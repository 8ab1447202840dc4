package io.taskrail.monitor;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole system as users run it: the three fat jars as separate JVMs in one Hazelcast cluster on loopback, and a
 * redis-server. Thousands of simulate tasks go in over HTTP (some fail and retry, some go dead), a WebSocket client
 * follows the monitor, and mid-run one worker is killed with SIGKILL and another started. At the end every task is
 * completed or dead exactly as its payload says, none is lost or stuck, and the monitor's totals match Redis.
 */
class ClusterEndToEndIT {
    private static final int TASKS = 3_000;

    private final ClusterServices services = new ClusterServices("e2e");
    private Vertx vertx;

    @AfterEach
    void stopAll() {
        services.close();
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void tasksSurviveAWorkerKilledMidRunAndTheMonitorAgreesWithRedis() throws Exception {
        int api = EmbeddedRedis.freePort();
        int monitorPort = EmbeddedRedis.freePort();
        Map<String, String> common = Map.of("REDIS_URL", services.redisUrl(),
                "CLUSTER_NAME", "e2e-" + UUID.randomUUID(),
                "BACKOFF_BASE_MS", "50", "LEASE_MS", "2000", "TICK_MS", "200", "WORKER_CONCURRENCY", "4",
                "STATS_TICK_MS", "200");
        services.start("producer", common, Map.of("HTTP_PORT", Integer.toString(api)), "producer");
        services.start("monitor", common, Map.of("HTTP_PORT", Integer.toString(monitorPort)), "monitor");
        ServiceProcess doomed = services.start("worker", common, Map.of(), "worker-1");
        services.start("worker", common, Map.of(), "worker-2");
        Poll.until(Duration.ofSeconds(90), "four nodes in the cluster and two workers registered",
                () -> services.body(api, "/health").contains("\"nodes\":4")
                        && new JsonObject(services.body(api, "/workers")).getJsonArray("workers").size() == 2);

        vertx = Vertx.vertx();
        WebSocketClient wsClient = vertx.createWebSocketClient();
        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(monitorPort).setURI("/ws/stats"))
                .await().textMessageHandler(text -> frames.add(new JsonObject(text)));

        Map<String, String> expected = submit(api);
        assertEquals(TASKS, expected.size());

        Poll.until(Duration.ofSeconds(60), "a third of the work done",
                () -> totals(api).getLong("completed") >= TASKS / 3);
        doomed.kill();
        services.start("worker", common, Map.of(), "worker-3");

        Poll.until(Duration.ofSeconds(120), "every task finished", () -> {
            JsonObject counts = new JsonObject(services.body(api, "/stats")).getJsonObject("counts");
            return counts.getLong("completed") + counts.getLong("dead") == TASKS;
        });
        JsonObject stats = new JsonObject(services.body(api, "/stats"));
        JsonObject counts = stats.getJsonObject("counts");
        assertEquals(0, counts.getLong("pending") + counts.getLong("scheduled") + counts.getLong("processing"),
                "nothing left waiting or stuck in processing");

        long dead = expected.values().stream().filter("dead"::equals).count();
        assertEquals(TASKS - dead, counts.getLong("completed"));
        assertEquals(dead, counts.getLong("dead"));
        int checked = 0;
        for (Map.Entry<String, String> task : expected.entrySet()) {
            if (checked++ % 10 == 0) {
                JsonObject t = new JsonObject(services.body(api, "/tasks/" + task.getKey()));
                assertEquals(task.getValue(), t.getString("status"), t.encode());
            }
        }
        assertTrue(dead < 500);
        assertEquals(dead, new JsonObject(services.body(api, "/dead?limit=500")).getJsonArray("tasks").size());

        JsonObject redisTotals = stats.getJsonObject("totals");
        Poll.until(Duration.ofSeconds(10), "the monitor's totals match Redis", () -> {
            JsonObject last = frames.stream().reduce((a, b) -> b).orElse(new JsonObject());
            JsonObject monitorTotals = last.getJsonObject("totals", new JsonObject());
            return List.of("submitted", "completed", "failed", "retried", "dead").stream()
                    .allMatch(k -> redisTotals.getLong(k).equals(monitorTotals.getLong(k)));
        });
        assertTrue(frames.size() > 10, "the feed ticked throughout: " + frames.size() + " frames");
    }

    /**
     * Submits the tasks, half in batches and half one by one: 70% succeed, 20% fail once then succeed, 10% always
     * fail and go dead. Answers each task's id and the status it must end in.
     */
    private Map<String, String> submit(int api) throws Exception {
        Map<String, String> expected = new HashMap<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        JsonArray batch = new JsonArray();
        List<String> batchOutcomes = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            int kind = i % 10;
            JsonObject payload = new JsonObject().put("ms", random.nextInt(40));
            String outcome = "completed";
            int maxAttempts = 4;
            if (kind == 0) {
                payload.put("failAttempts", 99).put("failMessage", "always fails");
                maxAttempts = 2;
                outcome = "dead";
            } else if (kind <= 2) {
                payload.put("failAttempts", 1);
            }
            JsonObject task = new JsonObject().put("type", "simulate").put("payload", payload)
                    .put("maxAttempts", maxAttempts).put("queue", i % 3 == 0 ? "critical" : "default");
            if (i % 2 == 0) {
                batch.add(task);
                batchOutcomes.add(outcome);
                if (batch.size() == 100) {
                    JsonArray ids = services.post(api, "/tasks/batch", new JsonObject().put("tasks", batch))
                            .getJsonArray("taskIds");
                    for (int k = 0; k < ids.size(); k++) {
                        expected.put(ids.getString(k), batchOutcomes.get(k));
                    }
                    batch = new JsonArray();
                    batchOutcomes.clear();
                }
            } else {
                expected.put(services.post(api, "/tasks", task).getString("taskId"), outcome);
            }
        }
        return expected;
    }

    private JsonObject totals(int api) {
        return new JsonObject(services.body(api, "/stats")).getJsonObject("totals");
    }
}
