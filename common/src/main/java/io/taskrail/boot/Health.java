package io.taskrail.boot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service's health: Redis answers PING within the timeout, and the node is a member of its cluster (or runs
 * standalone, as in tests). Answers {@code {status: "UP"|"DOWN", redis: {status, reason?}, cluster: {status, mode,
 * nodeId?, nodes?}}}; never fails.
 */
public final class Health {
    private final Vertx vertx;
    private final Redis redis;
    private final long timeoutMs;

    public Health(Vertx vertx, Redis redis, long timeoutMs) {
        this.vertx = vertx;
        this.redis = redis;
        this.timeoutMs = timeoutMs;
    }

    public Future<JsonObject> check() {
        JsonObject cluster = clusterState();
        return redis.send(Request.cmd(Command.PING)).timeout(timeoutMs, TimeUnit.MILLISECONDS).transform(ping -> {
            JsonObject redisState = ping.succeeded() ? new JsonObject().put("status", "UP")
                    : new JsonObject().put("status", "DOWN").put("reason", String.valueOf(ping.cause().getMessage()));
            boolean up = ping.succeeded() && "UP".equals(cluster.getString("status"));
            return Future.succeededFuture(new JsonObject().put("status", up ? "UP" : "DOWN")
                    .put("redis", redisState).put("cluster", cluster));
        });
    }

    /** True when a {@link #check()} answer says UP. */
    public static boolean isUp(JsonObject health) {
        return "UP".equals(health.getString("status"));
    }

    private JsonObject clusterState() {
        if (!vertx.isClustered()) {
            return new JsonObject().put("status", "UP").put("mode", "standalone");
        }
        ClusterManager manager = ((VertxInternal) vertx).clusterManager();
        List<String> nodes = manager.getNodes();
        boolean member = nodes != null && nodes.contains(manager.getNodeId());
        return new JsonObject().put("status", member ? "UP" : "DOWN").put("mode", "clustered")
                .put("nodeId", manager.getNodeId()).put("nodes", nodes == null ? 0 : nodes.size());
    }
}
