package io.taskrail.worker;

import io.taskrail.StoreOptions;
import io.taskrail.boot.Settings;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A worker's settings, read once at start from environment variable names.
 *
 * @param concurrency      {@code WORKER_CONCURRENCY}: tasks in flight at most; default 16
 * @param queues           {@code WORKER_QUEUES}: comma-separated queues, served in this order; empty (the default)
 *                         serves every queue, new ones included
 * @param leaseMs          {@code LEASE_MS}: a claim's lease, renewed every third of it while the task runs;
 *                         default 30 s. A crashed worker's tasks run again once it expires.
 * @param defaultTimeoutMs {@code TASK_TIMEOUT_MS}: an attempt's time limit when neither the task nor its handler
 *                         sets one; default 5 min
 * @param graceMs          {@code SHUTDOWN_GRACE_MS}: how long a stopping worker lets running tasks finish before it
 *                         releases them; default 30 s
 * @param tickMs           {@code TICK_MS}: the safety-net timer that claims, promotes and reaps even without
 *                         notices; default 1000
 * @param heartbeatMs      {@code HEARTBEAT_MS}: registry heartbeat period; default 5000
 * @param redisTimeoutMs   {@code REDIS_TIMEOUT_MS}: a Redis call not answered by then counts as failed (the client
 *                         has no timeout of its own, and a black-holed connection would otherwise stall the worker);
 *                         default 5000
 * @param healthPort       {@code HEALTH_PORT}: when set, the worker answers {@code GET /health} on this port (for
 *                         container healthchecks); default none
 * @param redisUrl         {@code REDIS_URL}
 * @param store            the store's options (see {@link Settings#storeOptions()})
 */
public record WorkerConfig(int concurrency, List<String> queues, long leaseMs, long defaultTimeoutMs, long graceMs,
                           long tickMs, long heartbeatMs, long redisTimeoutMs, int healthPort, String redisUrl,
                           StoreOptions store) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public static WorkerConfig from(JsonObject config) {
        Settings s = new Settings(config);
        List<String> queues = Arrays.stream(s.string("WORKER_QUEUES", "").split(","))
                .map(String::trim).filter(q -> !q.isEmpty()).distinct().toList();
        for (String queue : queues) {
            if (!NAME.matcher(queue).matches()) {
                throw new IllegalArgumentException("WORKER_QUEUES: '" + queue + "' is not a queue name");
            }
        }
        return new WorkerConfig(
                s.integer("WORKER_CONCURRENCY", 16, 1, 10_000),
                queues,
                s.number("LEASE_MS", 30_000, 100, 3_600_000),
                s.number("TASK_TIMEOUT_MS", 300_000, 1, 86_400_000),
                s.number("SHUTDOWN_GRACE_MS", 30_000, 0, 3_600_000),
                s.number("TICK_MS", 1_000, 10, 60_000),
                s.number("HEARTBEAT_MS", 5_000, 100, 10_000),
                s.number("REDIS_TIMEOUT_MS", 5_000, 50, 60_000),
                s.integer("HEALTH_PORT", -1, 0, 65_535),
                s.redisUrl(),
                s.storeOptions());
    }
}
