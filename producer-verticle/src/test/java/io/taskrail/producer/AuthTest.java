package io.taskrail.producer;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthTest extends ProducerFixture {
    private static final String TOKEN = "s3cret-token";

    @Override
    protected JsonObject config() {
        return super.config().put("API_TOKEN", TOKEN);
    }

    @Test
    void everyRouteButHealthNeedsTheBearerToken() {
        String[] paths = {"/tasks", "/tasks/default:X", "/stats", "/workers", "/dead", "/openapi.yaml", "/nope"};
        for (String path : paths) {
            Reply refused = get(path);
            assertEquals(401, refused.status(), path);
            assertEquals("unauthorized", refused.json().getString("error"), path);
            assertEquals(401, send(request(path).header("Authorization", "Bearer wrong").GET()).status(), path);
            assertEquals(401, send(request(path).header("Authorization", "Basic " + TOKEN).GET()).status(), path);
        }
        assertEquals(401, post("/tasks", "{\"type\":\"t\",\"payload\":{}}").status());
        assertEquals(0, store.stats("default").await().total("submitted"), "nothing was written");

        assertEquals(200, get("/health").status());
        assertEquals(200, send(request("/stats").header("Authorization", "Bearer " + TOKEN).GET()).status());
        assertEquals(202, send(request("/tasks").header("Authorization", "bearer " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"t\",\"payload\":{}}")))
                .status());
    }
}
