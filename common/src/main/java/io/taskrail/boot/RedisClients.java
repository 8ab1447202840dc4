package io.taskrail.boot;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** The pooled Redis client every service uses, with limits chosen so a dead Redis fails calls fast. */
public final class RedisClients {
    /**
     * Seconds without a byte from Redis after which a connection is given up, at least: a connection the network
     * black-holed (packets dropped, a NAT that lost its state) keeps its unanswered call forever, and the pool has
     * few, so every call would wait until the kernel gives up on it (about 15 minutes).
     */
    static final int READ_IDLE_TIMEOUT_S = 30;

    private RedisClients() {
    }

    /** A client whose calls are expected to answer within {@code timeoutMs} (REDIS_TIMEOUT_MS). */
    public static Redis create(Vertx vertx, String url, long timeoutMs) {
        return Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(url)
                // A Redis that does not answer a connect within 2 s is treated as down (the default waits a minute).
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpNoDelay(true)
                        .setTcpKeepAlive(true)
                        // A connection that reads nothing for this long (twice the calls' timeout, at least 30 s)
                        // is closed; the pool opens another.
                        .setReadIdleTimeout((int) Math.max(READ_IDLE_TIMEOUT_S, 2 * timeoutMs / 1_000 + 1)))
                .setMaxPoolSize(8)
                // Bursts of HTTP requests queue here rather than failing; each caller still has its own timeout.
                .setMaxPoolWaiting(8_192)
                // A connection idle in the pool is closed after 10 to 15 s, well before the read-idle timeout could
                // close it under a call just handed to it.
                .setPoolRecycleTimeout(10_000)
                .setPoolCleanerInterval(5_000));
    }
}
