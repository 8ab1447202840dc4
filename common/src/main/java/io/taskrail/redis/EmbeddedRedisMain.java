package io.taskrail.redis;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded Redis in the foreground until the JVM is stopped: {@code REDIS_PORT} (default 6379), data in
 * {@code REDIS_DATA_DIR} (default {@code .taskrail/redis}) with the append-only file on, so a restart loses nothing.
 */
public final class EmbeddedRedisMain {
    private EmbeddedRedisMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379"));
        String dir = System.getenv().getOrDefault("REDIS_DATA_DIR", ".taskrail/redis");
        Path dataDir = dir.equals("none") ? null : Path.of(dir);
        EmbeddedRedis redis = EmbeddedRedis.start(port, dataDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            redis.close();
            stopped.countDown();
        }, "redis-stop"));
        System.out.println("Redis is up at " + redis.url()
                + (dataDir == null ? " (nothing kept on disk)" : " (data in " + dataDir.toAbsolutePath() + ")"));
        stopped.await();
    }
}
