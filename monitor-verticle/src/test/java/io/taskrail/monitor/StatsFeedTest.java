package io.taskrail.monitor;

import io.taskrail.bus.Addresses;
import io.taskrail.testing.Poll;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsFeedTest extends MonitorFixture {

    @Test
    void aClientGetsASnapshotAtOnceThenTicksWhoseNumbersMoveAsTasksFlow() {
        flow("email", "send", 5, 2);

        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        long connectedAt = System.currentTimeMillis();
        connect("/ws/stats", frames);
        Poll.until(Duration.ofSeconds(2), "the snapshot", () -> !frames.isEmpty());
        // The snapshot is the latest read, at most one tick old: complete at once, without waiting for a tick.
        JsonObject snapshot = frames.peek();
        assertEquals("stats", snapshot.getString("type"));
        for (String key : List.of("queues", "totals", "rates", "latency", "workers", "ts")) {
            assertTrue(snapshot.containsKey(key), key);
        }
        assertTrue(System.currentTimeMillis() - connectedAt < 1_000);
        Poll.until(Duration.ofSeconds(5), "a frame with the first tasks", () -> frames.stream().anyMatch(f ->
                f.getJsonObject("totals").getLong("completed") == 2));
        JsonObject first = frames.stream().filter(f -> f.getJsonObject("totals").getLong("completed") == 2)
                .findFirst().orElseThrow();
        assertEquals(3, first.getJsonObject("queues").getJsonObject("email").getLong("pending"));
        assertEquals(5, first.getJsonObject("totals").getLong("submitted"));

        vertx.eventBus().publish(Addresses.WORKERS_HEARTBEAT, new JsonObject().put("id", "worker-a")
                .put("inFlight", 3).put("processed", 40).put("concurrency", 16));
        flow("email", "send", 10, 6);

        Poll.until(Duration.ofSeconds(5), "a tick with the new numbers", () -> frames.stream().anyMatch(f ->
                f.getJsonObject("totals").getLong("completed") == 8
                        && f.getJsonObject("queues").getJsonObject("email").getLong("pending") == 7
                        && !f.getJsonArray("workers").isEmpty()));
        JsonObject last = frames.stream().reduce((a, b) -> b).orElseThrow();
        assertEquals(15, last.getJsonObject("totals").getLong("submitted"));
        assertTrue(last.getJsonObject("rates").getDouble("completedPerSec") > 0, last.encode());
        assertEquals(7, last.getJsonObject("latency").getJsonObject("runMs").getLong("p99"));
        assertEquals(3, last.getJsonObject("latency").getJsonObject("waitMs").getLong("p50"));
        JsonObject worker = last.getJsonArray("workers").getJsonObject(0);
        assertEquals("worker-a", worker.getString("id"));
        assertEquals(3, worker.getInteger("inFlight"));
        assertEquals(40, worker.getLong("processed"));
        assertTrue(worker.getLong("lastSeen") > 0);
    }

    @Test
    void framesArriveAtLeastEverySecondAndAtMostTenASecond() {
        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        connect("/ws/stats", frames);
        Poll.until(Duration.ofSeconds(5), "ten frames", () -> frames.size() >= 10);
        long[] ts = frames.stream().limit(10).mapToLong(f -> f.getLong("ts")).toArray();
        for (int i = 2; i < ts.length; i++) {
            long gap = ts[i] - ts[i - 1];
            assertTrue(gap <= 1_000 && gap >= 90, "gap " + gap + " ms");
        }
    }

    @Test
    void aSubscriberGetsASampleOfTaskEventsWithinItsRate() {
        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        WebSocket ws = connect("/ws/stats", frames);
        ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("perSecond", 5).encode()).await();
        Poll.until(Duration.ofSeconds(2), "the subscription confirmed",
                () -> frames.stream().anyMatch(f -> "subscribed".equals(f.getString("type"))));

        flow("q", "resize", 200, 200);

        Poll.until(Duration.ofSeconds(3), "sampled events",
                () -> frames.stream().anyMatch(f -> "event".equals(f.getString("type"))));
        long events = frames.stream().filter(f -> "event".equals(f.getString("type"))).count();
        assertTrue(events <= 10, events + " events forwarded of 400 (rate 5/s)");
        JsonObject e = frames.stream().filter(f -> "event".equals(f.getString("type"))).findFirst().orElseThrow()
                .getJsonObject("task");
        assertEquals("q", e.getString("queue"));
        assertEquals("resize", e.getString("type"));
        assertTrue(List.of("claimed", "completed").contains(e.getString("event")));

        ws.writeTextMessage("not json").await();
        Poll.until(Duration.ofSeconds(2), "an error answer",
                () -> frames.stream().anyMatch(f -> "error".equals(f.getString("type"))));
    }
}
