package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.bus.Addresses;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A busy worker sends the steps of a turn as one message, not two messages per task. */
class EventBatchTest extends WorkerFixture {

    @Test
    void theStepsOfABurstTravelInFewMessagesAndNoneIsLost() {
        ConcurrentLinkedQueue<Object> messages = new ConcurrentLinkedQueue<>();
        vertx.eventBus().consumer(Addresses.TASKS_EVENTS, m -> messages.add(m.body())).completion().await();
        List<NewTask> burst = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            burst.add(NewTask.of("echo", new JsonObject().put("n", i)));
        }
        List<String> ids = store.enqueueAll(burst).await().stream().map(r -> r.taskId()).toList();

        deployWorker(new JsonObject().put("WORKER_CONCURRENCY", "100"));
        vertx.eventBus().publish(Addresses.TASKS_NEW, new JsonObject().put("queue", "default").put("count", 300));

        Poll.until(Duration.ofSeconds(10), "300 completed steps",
                () -> events.stream().filter(e -> "completed".equals(e.getString("event"))).count() == 300);
        for (String id : ids) {
            assertEquals(List.of("claimed", "completed"), eventsOf(id), id);
        }
        for (Object message : messages) {
            // Sent as JSON text, so that it is not copied for consumers in this JVM (see TaskEventBatch).
            String text = assertInstanceOf(String.class, message);
            JsonArray steps = new JsonObject(text).getJsonArray("events");
            assertNotNull(steps, "a batch: " + text);
            assertTrue(steps.size() >= 1 && steps.size() <= Events.MAX_BATCH, "batch of " + steps.size());
        }
        assertTrue(messages.size() < 600 / 10, messages.size() + " messages for 600 steps");
    }
}
