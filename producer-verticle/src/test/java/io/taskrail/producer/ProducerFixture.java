package io.taskrail.producer;

import io.taskrail.StoreOptions;
import io.taskrail.TaskStore;
import io.taskrail.redis.RedisKeys;
import io.taskrail.testing.TestRedis;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A producer verticle deployed on a real Redis (flushed first), and a real HTTP client (the JDK's) to call it.
 * Tests call it from the JUnit thread and read Redis through a store of their own.
 */
public abstract class ProducerFixture {
    protected Vertx vertx;
    protected Redis redis;
    protected TaskStore store;
    protected ProducerVerticle producer;
    protected final RedisKeys keys = new RedisKeys("tr");
    protected final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** The verticle's config: environment variable names. Tests add to it. */
    protected JsonObject config() {
        return new JsonObject().put("HTTP_PORT", "0").put("REDIS_URL", TestRedis.url());
    }

    @BeforeEach
    void deployProducer() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, TestRedis.url());
        redis.send(Request.cmd(Command.FLUSHALL)).await();
        store = TaskStore.create(redis, new StoreOptions());
        store.init().await();
        producer = new ProducerVerticle();
        vertx.deployVerticle(producer, new DeploymentOptions().setConfig(config())).await();
    }

    @AfterEach
    void closeProducer() {
        redis.close();
        vertx.close().await();
    }

    protected Reply get(String path) {
        return send(request(path).GET());
    }

    protected Reply post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    protected Reply delete(String path) {
        return send(request(path).DELETE());
    }

    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + producer.port() + path))
                .timeout(Duration.ofSeconds(10));
    }

    protected Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response);
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** An HTTP response with its JSON body. */
    public record Reply(HttpResponse<String> response) {
        public int status() {
            return response.statusCode();
        }

        public JsonObject json() {
            return new JsonObject(response.body());
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.body();
        }
    }
}
