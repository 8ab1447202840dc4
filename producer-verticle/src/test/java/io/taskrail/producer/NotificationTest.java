package io.taskrail.producer;

import io.taskrail.bus.Addresses;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationTest extends ProducerFixture {

    /**
     * The coalescing checked here works the same for any window; with 20 ms, a burst of HTTP calls, which comes in
     * over a second or so here (longer on a busy machine), is gathered into well under 200 notices.
     */
    @Override
    protected JsonObject config() {
        return super.config().put("NOTIFY_WINDOW_MS", "20");
    }

    @Test
    void aBurstOfSubmissionsIsCoalescedIntoFewNoticesThatCoverEveryTask() {
        ConcurrentLinkedQueue<JsonObject> notices = new ConcurrentLinkedQueue<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.TASKS_NEW, m -> notices.add(m.body())).completion().await();
        int submissions = 2_000;

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < submissions; i++) {
            calls.add(http.sendAsync(request("/tasks").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"t\",\"payload\":{},\"queue\":\"burst\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        calls.forEach(c -> assertEquals(202, c.join().statusCode()));
        Poll.until(Duration.ofSeconds(5), "notices cover every task",
                () -> notices.stream().mapToInt(n -> n.getInteger("count")).sum() == submissions);

        int count = notices.size();
        assertTrue(count < submissions / 10, count + " notices for " + submissions + " submissions");
        assertTrue(notices.stream().allMatch(n -> "burst".equals(n.getString("queue"))));
    }

    @Test
    void aQueuesFirstNoticeGoesToEveryWorkerTheNextToOneAndToEveryWorkerAgainWhenNoneAnswers() {
        ConcurrentLinkedQueue<JsonObject> toEvery = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<JsonObject> toOne = new ConcurrentLinkedQueue<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.TASKS_NEW, m -> toEvery.add(m.body())).completion().await();
        vertx.eventBus().<JsonObject>consumer(Addresses.wake("followed"), m -> {
            toOne.add(m.body());
            m.reply(null);
        }).completion().await();
        JsonObject one = new JsonObject().put("queue", "followed").put("count", 1);

        // The first, so that workers serving every queue learn of it.
        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"followed\"}");
        Poll.until(Duration.ofSeconds(2), "the first notice goes to every worker", () -> !toEvery.isEmpty());
        assertEquals(List.of(one), List.copyOf(toEvery));

        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"followed\"}");
        Poll.until(Duration.ofSeconds(2), "the next reaches the queue's worker", () -> !toOne.isEmpty());
        assertEquals(List.of(one), List.copyOf(toOne));

        // Nobody follows this queue: its second notice goes to every worker too.
        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"unfollowed\"}");
        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"unfollowed\"}");
        Poll.until(Duration.ofSeconds(2), "both notices go to every worker", () -> toEvery.size() == 3);
        assertEquals(List.of(one), List.copyOf(toOne), "the followed queue's worker heard only its own notice");
    }

    @Test
    void aBatchIsOneNoticeAndScheduledTasksAreAnnouncedWhenDue() {
        ConcurrentLinkedQueue<JsonObject> notices = new ConcurrentLinkedQueue<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.TASKS_NEW, m -> notices.add(m.body())).completion().await();
        JsonArray tasks = new JsonArray();
        for (int i = 0; i < 50; i++) {
            tasks.add(new JsonObject().put("type", "t").put("payload", new JsonObject()).put("queue", "b"));
        }
        post("/tasks/batch", new JsonObject().put("tasks", tasks).encode());
        Poll.until(Duration.ofSeconds(2), "50 tasks announced",
                () -> notices.stream().mapToInt(n -> n.getInteger("count")).sum() == 50);
        assertTrue(notices.size() <= 2, notices.toString());

        notices.clear();
        long submitted = System.currentTimeMillis();
        post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"later\",\"delayMs\":300}");
        Poll.until(Duration.ofSeconds(3), "the delayed task announced", () -> !notices.isEmpty());
        long waited = System.currentTimeMillis() - submitted;
        assertTrue(waited >= 290, "announced after " + waited + " ms, not before it was due");
        assertEquals("later", notices.peek().getString("queue"));
    }
}
