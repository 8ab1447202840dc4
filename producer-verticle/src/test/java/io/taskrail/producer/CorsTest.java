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

        @Test
        void anotherSitesPageCannotChangeAnything() {
            // A browser sends a text/plain POST from any page without asking first: with no token set, any page a
            // user on the network opened could otherwise submit tasks.
            String body = "{\"type\":\"t\",\"payload\":{}}";
            Reply foreign = send(request("/tasks").header("Origin", "https://evil.example")
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(403, foreign.status(), foreign.toString());
            assertEquals("forbidden", foreign.json().getString("error"));
            assertEquals(0, store.stats("default").await().total("submitted"), "nothing was stored");

            String own = "http://127.0.0.1:" + producer.port();
            assertEquals(202, send(request("/tasks").header("Origin", own).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))).status(), "a page of its own");
            assertEquals(202, post("/tasks", body).status(), "a client that is not a browser sends no Origin");
            assertEquals(202, send(request("/tasks").header("Origin", "https://queue.example")
                    .header("X-Forwarded-Host", "queue.example").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))).status(), "its own page behind a proxy");
            assertEquals(202, send(request("/tasks").header("Origin", "https://queue.example:8443")
                    .header("X-Forwarded-Host", "queue.example:8443, edge.internal")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))).status(), "behind chained proxies");
            // A browser says where a request comes from in Sec-Fetch-Site, which pages cannot set: a proxy that
            // rewrites Host (and sends no X-Forwarded-Host) does not make its own page foreign.
            assertEquals(202, send(request("/tasks").header("Origin", "https://queue.example")
                    .header("Sec-Fetch-Site", "same-origin").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))).status(), "same-origin by Sec-Fetch-Site");
            assertEquals(403, send(request("/tasks").header("Origin", "http://127.0.0.1:" + producer.port())
                    .header("Sec-Fetch-Site", "cross-site").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(body))).status(), "Sec-Fetch-Site settles it");
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
