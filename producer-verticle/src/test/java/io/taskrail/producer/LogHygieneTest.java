package io.taskrail.producer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskrail.redis.EmbeddedRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At the default level, nothing logged holds the API token or a task's payload, errors and outages included. */
class LogHygieneTest extends ProducerFixture {
    private static final String TOKEN = "tok-3f9a1c";
    private static final String SECRET_PAYLOAD = "card-4111111111111111";
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private EmbeddedRedis own;

    @Override
    protected JsonObject config() {
        own = EmbeddedRedis.startEphemeral();
        logged.start();
        root.addAppender(logged);
        return super.config().put("API_TOKEN", TOKEN).put("REDIS_URL", own.url()).put("REDIS_TIMEOUT_MS", "500");
    }

    @AfterEach
    void detach() {
        root.detachAppender(logged);
        own.close();
    }

    @Test
    void neitherTheTokenNorPayloadsAppearInTheLogs() {
        String body = "{\"type\":\"t\",\"payload\":{\"card\":\"" + SECRET_PAYLOAD + "\"}}";
        assertEquals(202, send(request("/tasks").header("Authorization", "Bearer " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))).status());
        assertEquals(401, send(request("/tasks").header("Authorization", "Bearer " + TOKEN + "x")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))).status());
        own.close();
        assertEquals(503, send(request("/tasks").header("Authorization", "Bearer " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))).status());

        assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains("unavailable")),
                "the outage was logged");
        for (ILoggingEvent event : logged.list) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            assertFalse(text.contains(TOKEN), "token in: " + text);
            assertFalse(text.contains(SECRET_PAYLOAD), "payload in: " + text);
        }
    }
}
