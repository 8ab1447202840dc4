package io.taskrail.monitor;

import io.taskrail.bus.WakeNotice;
import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.CommandStats;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A producer's notice crosses the cluster to one worker, in JVMs of their own: with the workers' safety tick a
 * minute away, tasks submitted one at a time start within seconds, and each costs one claim, not one per worker;
 * with one worker hung, they still start at once.
 */
class ClusterWakeIT {
    private static final int TASKS = 30;
    private static final int TASKS_AFTER_HANG = 10;

    private final ClusterServices services = new ClusterServices("wake");
    private Vertx vertx;

    @AfterEach
    void stopAll() {
        services.close();
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void eachTaskWakesOneWorkerInAnotherJvm() throws Exception {
        int api = EmbeddedRedis.freePort();
        Map<String, String> common = Map.of("REDIS_URL", services.redisUrl(),
                "CLUSTER_NAME", "wake-" + UUID.randomUUID(),
                "TICK_MS", "60000", "WORKER_QUEUES", "default");
        services.start("producer", common, Map.of("HTTP_PORT", Integer.toString(api)), "producer");
        services.start("worker", common, Map.of(), "worker-1");
        ServiceProcess second = services.start("worker", common, Map.of(), "worker-2");
        Poll.until(Duration.ofSeconds(90), "three nodes in the cluster and two workers registered",
                () -> services.body(api, "/health").contains("\"nodes\":3")
                        && new JsonObject(services.body(api, "/workers")).getJsonArray("workers").size() == 2);
        vertx = Vertx.vertx();
        Redis client = Redis.createClient(vertx, services.redisUrl());
        long claimsBefore = CommandStats.calls(client, "time");

        for (int i = 0; i < TASKS; i++) {
            runOne(api, i);
        }

        // claim.lua alone reads Redis's clock: one TIME per claim. Both workers claiming on every notice would be 2
        // a task.
        long claims = CommandStats.calls(client, "time") - claimsBefore;
        assertTrue(claims >= TASKS && claims < TASKS * 3 / 2, claims + " claims for " + TASKS + " tasks");

        // The second worker hangs with its connections open, so the cluster keeps it for a minute and the event bus
        // goes on picking it in turn. After the first notice it leaves unanswered, the producer tells every worker:
        // at most that one task waits out the reply timeout (without it, every second task did).
        second.suspend();
        try {
            int late = 0;
            for (int i = 0; i < TASKS_AFTER_HANG; i++) {
                if (runOne(api, i).waitedMs() >= WakeNotice.REPLY_TIMEOUT_MS - 100) {
                    late++;
                }
            }
            assertTrue(late <= 1, late + " of " + TASKS_AFTER_HANG + " tasks waited out the reply timeout");
        } finally {
            second.kill();
        }
    }

    /** Submits one task and waits for it to complete, well before the tick; answers it as it ended. */
    private Task runOne(int api, int i) throws Exception {
        String id = services.post(api, "/tasks", new JsonObject().put("type", "echo").put("payload",
                new JsonObject())).getString("taskId");
        Poll.until(Duration.ofSeconds(5), "task " + i + " completed, well before the tick",
                () -> services.body(api, "/tasks/" + id).contains("\"status\":\"completed\""));
        return new Task(new JsonObject(services.body(api, "/tasks/" + id)));
    }

    /** A task as GET /tasks/{id} shows it. */
    private record Task(JsonObject json) {
        /** From its submission until it started, by Redis's clock. */
        long waitedMs() {
            return json.getLong("startedAt") - json.getLong("createdAt");
        }
    }
}
