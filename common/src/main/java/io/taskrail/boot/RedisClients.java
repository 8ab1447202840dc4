package io.taskrail.boot;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** The pooled Redis client every service uses, with limits chosen so a dead Redis fails calls fast. */
public final class RedisClients {
    /** Seconds without a byte from Redis after which a connection is given up (see below). */
    static final int READ_IDLE_TIMEOUT_S = 15;

    private RedisClients() {
    }

    public static Redis create(Vertx vertx, String url) {
        return Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(url)
                // A Redis that does not answer a connect within 2 s is treated as down (the default waits a minute).
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpNoDelay(true)
                        .setTcpKeepAlive(true)
                        // A connection the network black-holed (packets dropped, a NAT that lost its state) keeps
                        // its unanswered call forever, and the pool has few: the kernel gives up after about 15
                        // minutes. One that reads nothing for this long is closed instead; the pool opens another.
                        // An idle one in the pool goes too, which costs a reconnect.
                        .setReadIdleTimeout(READ_IDLE_TIMEOUT_S))
                .setMaxPoolSize(8)
                // Bursts of HTTP requests queue here rather than failing; each caller still has its own timeout.
                .setMaxPoolWaiting(8_192)
                .setPoolRecycleTimeout(60_000));
    }
}
