package io.taskrail.producer;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CorsTest {

    @Nested
    class OffByDefault extends ProducerFixture {
        @Test
        void noCorsHeadersAreSent() {
            Reply reply = send(request("/stats").header("Origin", "https://evil.example").GET());
            assertEquals(200, reply.status());
            assertNull(reply.header("Access-Control-Allow-Origin"));
        }
    }

    @Nested
    class Configured extends ProducerFixture {
        @Override
        protected JsonObject config() {
            return super.config().put("CORS_ORIGINS", "https://app.example");
        }

        @Test
        void onlyTheConfiguredOriginIsAllowedAndPreflightsAreAnswered() {
            Reply allowed = send(request("/stats").header("Origin", "https://app.example").GET());
            assertEquals("https://app.example", allowed.header("Access-Control-Allow-Origin"));

            Reply preflight = send(request("/tasks").header("Origin", "https://app.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "Authorization, Content-Type")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertEquals("https://app.example", preflight.header("Access-Control-Allow-Origin"));

            Reply other = send(request("/stats").header("Origin", "https://evil.example").GET());
            assertNull(other.header("Access-Control-Allow-Origin"));
            assertEquals(403, other.status(), "refused as the client's mistake, not a store outage");
            assertEquals("forbidden", other.json().getString("error"));
        }
    }
}
