package io.taskrail.producer;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitTest extends ProducerFixture {

    @Override
    protected JsonObject config() {
        return super.config().put("RATE_LIMIT_PER_SEC", "5");
    }

    @Test
    void aClientOverItsLimitGets429WithRetryAfterAndHealthIsNeverLimited() {
        List<Integer> statuses = new ArrayList<>();
        Reply limited = null;
        for (int i = 0; i < 60; i++) {
            Reply reply = get("/stats");
            statuses.add(reply.status());
            if (reply.status() == 429 && limited == null) {
                limited = reply;
            }
        }
        assertTrue(statuses.contains(200) && limited != null, statuses.toString());
        assertEquals("1", limited.header("Retry-After"));
        assertEquals("rate_limited", limited.json().getString("error"));
        assertEquals(200, get("/health").status(), "probes are not limited");
    }
}
