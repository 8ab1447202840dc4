package io.taskrail.producer;

import io.taskrail.bus.Addresses;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a long coalescing window, an idle queue's first task must still be announced without waiting for it. */
class IdleNoticeTest extends ProducerFixture {
    private static final long WINDOW_MS = 1_000;

    @Override
    protected JsonObject config() {
        return super.config().put("NOTIFY_WINDOW_MS", Long.toString(WINDOW_MS));
    }

    @Test
    void theFirstTaskAfterAQuietSpellIsAnnouncedAtOnceAndTheRestAtTheWindowsEnd() {
        ConcurrentLinkedQueue<JsonObject> notices = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> heardAt = new ConcurrentLinkedQueue<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.TASKS_NEW, m -> {
            heardAt.add(System.nanoTime());
            notices.add(m.body());
        }).completion().await();

        long sent = System.nanoTime();
        assertEquals(202, post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"mail\"}").status());
        Poll.until(Duration.ofMillis(WINDOW_MS / 2), "the first notice, well inside the window", () -> !notices.isEmpty());
        assertEquals(new JsonObject().put("queue", "mail").put("count", 1), notices.peek());

        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"mail\"}");
        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"mail\"}");
        Poll.until(Duration.ofSeconds(5), "the gathered notice", () -> notices.size() == 2);
        JsonObject gathered = notices.toArray(new JsonObject[0])[1];
        assertEquals(2, gathered.getInteger("count"));
        long secondAfterMs = (heardAt.toArray(new Long[0])[1] - sent) / 1_000_000;
        assertTrue(secondAfterMs >= WINDOW_MS - 50, "gathered notice came after " + secondAfterMs + " ms");
    }
}
