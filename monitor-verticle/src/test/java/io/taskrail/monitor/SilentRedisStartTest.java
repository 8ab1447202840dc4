package io.taskrail.monitor;

import io.taskrail.testing.SilentServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SilentRedisStartTest {

    @Test
    void aRedisThatAcceptsButNeverAnswersDoesNotHoldTheStartUp() throws Exception {
        // Redis stopped (SIGSTOP) or behind a network that drops its replies: the service must still come up and
        // say it is not ready, not wait for an answer that never comes.
        Vertx vertx = Vertx.vertx();
        try (SilentServer silent = new SilentServer()) {
            MonitorVerticle service = new MonitorVerticle();
            vertx.deployVerticle(service, new DeploymentOptions().setConfig(new JsonObject().put("HTTP_PORT", "0")
                            .put("REDIS_URL", silent.redisUrl()).put("REDIS_TIMEOUT_MS", "300")))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + service.port() + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health.body());
        } finally {
            vertx.close().await();
        }
    }
}
