package io.taskrail.boot;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** The pooled Redis client every service uses, with limits chosen so a dead Redis fails calls fast. */
public final class RedisClients {
    private RedisClients() {
    }

    public static Redis create(Vertx vertx, String url) {
        return Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(url)
                // A Redis that does not answer a connect within 2 s is treated as down (the default waits a minute).
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpNoDelay(true)
                        .setTcpKeepAlive(true))
                .setMaxPoolSize(8)
                // Bursts of HTTP requests queue here rather than failing; each caller still has its own timeout.
                .setMaxPoolWaiting(8_192)
                .setPoolRecycleTimeout(60_000));
    }
}
