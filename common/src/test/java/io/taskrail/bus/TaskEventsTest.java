package io.taskrail.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch written as text reads back as the steps that went in, and messages of earlier workers still read. */
class TaskEventsTest {

    @Test
    void aBatchReadsBackStepByStepWithItsTextEscaped() {
        String error = "bad \"input\"\\ on\nline 2\t\u0001 ü \u2028 😀";
        String message = new TaskEventBatch()
                .add("claimed", "q:01A", "email", "q", "worker \"1\"", 2, 15, 0, 1_000, null)
                .add("failed", "q:01A", "email", "q", "worker \"1\"", 2, 15, 40, 1_040, error)
                .add("dead", "q:01B", "email", "q", "worker \"1\"", 0, 0, 0, 1_041, "lease expired")
                .toMessage();

        List<JsonObject> steps = read(message);

        assertEquals(List.of(
                new JsonObject().put("event", "claimed").put("taskId", "q:01A").put("type", "email").put("queue", "q")
                        .put("workerId", "worker \"1\"").put("attempt", 2).put("waitMs", 15).put("runMs", 0)
                        .put("ts", 1_000),
                new JsonObject().put("event", "failed").put("taskId", "q:01A").put("type", "email").put("queue", "q")
                        .put("workerId", "worker \"1\"").put("attempt", 2).put("waitMs", 15).put("runMs", 40)
                        .put("ts", 1_040).put("error", error),
                // attempt not known: left out, as the reaper's steps always were
                new JsonObject().put("event", "dead").put("taskId", "q:01B").put("type", "email").put("queue", "q")
                        .put("workerId", "worker \"1\"").put("waitMs", 0).put("runMs", 0).put("ts", 1_041)
                        .put("error", "lease expired")), steps);
    }

    @Test
    void anEmptyBatchIsAnEmptyList() {
        assertEquals(List.of(), read(new TaskEventBatch().toMessage()));
        assertEquals(0, new JsonObject(new TaskEventBatch().toMessage()).getJsonArray("events").size());
    }

    @Test
    void theShapesEarlierWorkersSentStillRead() {
        JsonObject step = new JsonObject().put("event", "completed").put("taskId", "q:01A");
        assertEquals(List.of(step), read(new JsonObject().put("events", new JsonArray().add(step))));
        assertEquals(List.of(step), read(step));
    }

    @Test
    void aCompletedStepIsWrittenAsTheBenchmarkCountsIt() {
        // bench's CompletionCount counts this literal in the text rather than parsing every message
        String message = new TaskEventBatch()
                .add("completed", "q:01A", null, "q", "w", 1, 0, 3, 1_000, null).toMessage();

        assertTrue(message.contains("\"event\":\"completed\""), message);
        assertEquals(List.of(new JsonObject().put("event", "completed").put("taskId", "q:01A").putNull("type")
                .put("queue", "q").put("workerId", "w").put("attempt", 1).put("waitMs", 0).put("runMs", 3)
                .put("ts", 1_000)), read(message));
    }

    @Test
    void whatIsNotAStepIsPassedOver() {
        assertEquals(List.of(), read("not json"));
        assertEquals(List.of(), read("[1, 2]"));
        assertEquals(List.of(), read(42));
        assertEquals(List.of(), read("{\"events\": \"not an array\"}"));
        assertEquals(List.of(new JsonObject().put("event", "dead")),
                read("{\"events\": [1, {\"event\": \"dead\"}, null]}"));
    }

    private static List<JsonObject> read(Object message) {
        List<JsonObject> steps = new ArrayList<>();
        TaskEvents.forEach(message, steps::add);
        return steps;
    }
}
