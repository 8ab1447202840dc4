package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.TaskStatus;
import io.taskrail.testing.BlackHoleProxy;
import io.taskrail.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

class BlackHoledRedisTest extends WorkerFixture {

    @Test
    void aWorkerWhoseConnectionsWereBlackHoledClaimsAgainOnNewOnes() {
        // Every pooled connection held a call the network swallowed, so every later call waited for a free one
        // until the kernel gave up on the connection (about 15 minutes); now one that reads nothing for 30 s is
        // closed, and the pool opens new ones.
        try (BlackHoleProxy proxy = new BlackHoleProxy(URI.create(TestRedis.url()).getPort())) {
            deployWorker(new JsonObject().put("REDIS_URL", proxy.redisUrl()).put("REDIS_TIMEOUT_MS", "500")
                    .put("TICK_MS", "100"));
            awaitStatus(submit(NewTask.of("echo", new JsonObject())), TaskStatus.COMPLETED, Duration.ofSeconds(10));

            proxy.blackHole();
            String after = submit(NewTask.of("echo", new JsonObject()));

            awaitStatus(after, TaskStatus.COMPLETED, Duration.ofSeconds(60));
        }
    }
}
