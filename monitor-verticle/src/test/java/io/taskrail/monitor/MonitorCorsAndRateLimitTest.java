package io.taskrail.monitor;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorCorsAndRateLimitTest {

    @Nested
    class ByDefault extends MonitorFixture {
        @Test
        void noCorsHeadersAreSent() {
            HttpResponse<String> reply = get("/health", "Origin", "https://evil.example");
            assertEquals(200, reply.statusCode());
            assertFalse(reply.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        }
    }

    @Nested
    class Configured extends MonitorFixture {
        @Override
        protected JsonObject config() {
            return super.config().put("CORS_ORIGINS", "https://ops.example").put("RATE_LIMIT_PER_SEC", "5");
        }

        @Test
        void theMonitorsOwnPagesAreSameOriginNotCrossOrigin() {
            HttpResponse<String> own = get("/health", "Origin", "http://127.0.0.1:" + monitor.port());
            assertEquals(200, own.statusCode(), "the dashboard's own requests carry its origin: " + own.body());
        }

        @Test
        void onlyTheConfiguredOriginIsAllowed() {
            assertEquals("https://ops.example", get("/health", "Origin", "https://ops.example").headers()
                    .firstValue("Access-Control-Allow-Origin").orElse(null));
            HttpResponse<String> other = get("/health", "Origin", "https://evil.example");
            assertFalse(other.headers().firstValue("Access-Control-Allow-Origin").isPresent());
            assertEquals(403, other.statusCode());
            assertEquals("forbidden", new JsonObject(other.body()).getString("error"));
        }

        @Test
        void aClientOverItsLimitGets429AndProbesAndScrapersAreNeverLimited() {
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> limited = null;
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> reply = get("/index.html");
                statuses.add(reply.statusCode());
                if (reply.statusCode() == 429 && limited == null) {
                    limited = reply;
                }
            }
            assertTrue(statuses.contains(200) && limited != null, statuses.toString());
            assertEquals("1", limited.headers().firstValue("Retry-After").orElse(null));
            assertEquals("rate_limited", new JsonObject(limited.body()).getString("error"));
            for (int i = 0; i < 30; i++) {
                assertEquals(200, get("/health").statusCode(), "probes are not limited");
                assertEquals(200, get("/metrics").statusCode(), "scrapers are not limited");
            }
        }
    }
}
