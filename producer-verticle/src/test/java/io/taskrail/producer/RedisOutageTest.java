package io.taskrail.producer;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A producer on a Redis of its own, which the test stops and starts again. */
class RedisOutageTest extends ProducerFixture {
    private EmbeddedRedis own;

    @Override
    protected JsonObject config() {
        own = EmbeddedRedis.startEphemeral();
        return super.config().put("REDIS_URL", own.url()).put("REDIS_TIMEOUT_MS", "1000");
    }

    @AfterEach
    void stopOwnRedis() {
        own.close();
    }

    @Test
    void whileRedisIsDownSubmissionsFailFastWith503AndRecoverWhenItReturns() {
        assertEquals(202, post("/tasks", "{\"type\":\"t\",\"payload\":{}}").status());
        int port = own.port();
        own.close();

        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Reply down = post("/tasks", "{\"type\":\"t\",\"payload\":{}}");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, down.status(), down.toString());
            assertEquals("unavailable", down.json().getString("error"));
            assertEquals("1", down.header("Retry-After"));
            assertTrue(tookMs < 3_000, "answered in " + tookMs + " ms");
        }
        assertEquals(503, get("/tasks/default:X").status());
        assertEquals(503, get("/stats").status());
        Reply health = get("/health");
        assertEquals(503, health.status());
        assertEquals("DOWN", health.json().getJsonObject("redis").getString("status"));

        // A restarted Redis has an empty script cache: the producer reloads the scripts on NOSCRIPT by itself.
        own = EmbeddedRedis.start(port, null);
        Poll.until(Duration.ofSeconds(10), "submissions accepted again",
                () -> post("/tasks", "{\"type\":\"t\",\"payload\":{}}").status() == 202);
        assertEquals(200, get("/health").status());
    }
}
