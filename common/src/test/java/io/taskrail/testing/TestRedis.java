package io.taskrail.testing;

import io.taskrail.redis.EmbeddedRedis;

/**
 * One real redis-server per test JVM, on a free loopback port, started the first time a test asks for it and
 * stopped when the JVM exits. Tests keep apart by flushing it or by using queue names of their own.
 */
public final class TestRedis {
    private static EmbeddedRedis server;

    private TestRedis() {
    }

    /** The running server, started on first use. */
    public static synchronized EmbeddedRedis server() {
        if (server == null) {
            EmbeddedRedis started = EmbeddedRedis.startEphemeral();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-redis-stop"));
            server = started;
        }
        return server;
    }

    public static String url() {
        return server().url();
    }
}
