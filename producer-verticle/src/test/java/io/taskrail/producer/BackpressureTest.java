package io.taskrail.producer;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackpressureTest extends ProducerFixture {

    @Override
    protected JsonObject config() {
        return super.config().put("MAX_PENDING_PER_QUEUE", "3");
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterUntilItDrains() {
        for (int i = 0; i < 3; i++) {
            assertEquals(202, post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"small\"}").status());
        }

        Reply full = post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"small\"}");

        assertEquals(429, full.status());
        assertEquals("1", full.header("Retry-After"));
        assertEquals("queue_full", full.json().getString("error"));
        assertEquals(202, post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"other\"}").status(),
                "other queues are not affected");
        assertEquals(429, post("/tasks/batch", "{\"tasks\":[{\"type\":\"t\",\"payload\":{},\"queue\":\"small\"}]}")
                .status());

        store.claim("small", "w", 1, 60_000).await();
        assertEquals(202, post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"small\"}").status());
        assertEquals(3, store.stats("small").await().count(io.taskrail.TaskStatus.PENDING));
    }
}
