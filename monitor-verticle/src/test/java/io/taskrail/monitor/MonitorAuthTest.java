package io.taskrail.monitor;

import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorAuthTest extends MonitorFixture {
    private static final String TOKEN = "monitor-secret";

    @Override
    protected JsonObject config() {
        return super.config().put("API_TOKEN", TOKEN);
    }

    @Test
    void pagesTheWebSocketAndTheApiNeedTheTokenButHealthAndMetricsDoNot() {
        assertEquals(401, get("/").statusCode());
        assertEquals(401, get("/dashboard.js").statusCode());
        assertEquals(401, get("/?token=wrong").statusCode());
        assertEquals(200, get("/", "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, get("/health").statusCode());
        assertEquals(200, get("/metrics").statusCode());

        HttpResponse<String> page = get("/?token=" + TOKEN);
        assertEquals(200, page.statusCode());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(MonitorAuth.COOKIE + "=") && cookie.toLowerCase().contains("httponly"), cookie);
        assertEquals(200, get("/dashboard.js", "Cookie", cookie.split(";")[0]).statusCode());

        UpgradeRejectedException rejected = assertThrows(UpgradeRejectedException.class, () -> vertx
                .createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                        .setPort(monitor.port()).setURI("/ws/stats")).await());
        assertEquals(401, rejected.getStatus());
        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        connect("/ws/stats?token=" + TOKEN, frames);
        io.taskrail.testing.Poll.until(java.time.Duration.ofSeconds(3), "a frame", () -> !frames.isEmpty());
    }
}
