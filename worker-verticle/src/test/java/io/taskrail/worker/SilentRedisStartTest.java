package io.taskrail.worker;

import io.taskrail.testing.SilentServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;

class SilentRedisStartTest {

    @Test
    void aRedisThatAcceptsButNeverAnswersDoesNotHoldTheStartUp() throws Exception {
        // Redis stopped (SIGSTOP) or behind a network that drops its replies: the worker starts, and claims once
        // Redis answers, instead of waiting for the first answer.
        Vertx vertx = Vertx.vertx();
        try (SilentServer silent = new SilentServer()) {
            String id = vertx.deployVerticle(new WorkerVerticle(), new DeploymentOptions().setConfig(new JsonObject()
                            .put("REDIS_URL", silent.redisUrl()).put("REDIS_TIMEOUT_MS", "300")))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertFalse(id.isEmpty());
        } finally {
            vertx.close().await();
        }
    }
}
