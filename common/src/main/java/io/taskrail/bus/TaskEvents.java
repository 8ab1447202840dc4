package io.taskrail.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Consumer;

/**
 * The shape of {@code tasks:events} messages. A worker publishes the steps of one event-loop turn together,
 * {@code {"events": [step, ...]}}, so a busy worker sends one message per batch rather than two per task (each
 * message crosses the cluster to every node that listens). A message that is a single step is read too, as workers
 * before batching sent them.
 */
public final class TaskEvents {
    private TaskEvents() {
    }

    /** One message carrying these steps. */
    public static JsonObject batch(List<JsonObject> steps) {
        return new JsonObject().put("events", new JsonArray(List.copyOf(steps)));
    }

    /** Each step the message carries, in order. */
    public static void forEach(JsonObject message, Consumer<JsonObject> step) {
        JsonArray steps = message.getJsonArray("events");
        if (steps == null) {
            step.accept(message);
            return;
        }
        for (int i = 0; i < steps.size(); i++) {
            Object each = steps.getValue(i);
            if (each instanceof JsonObject event) {
                step.accept(event);
            }
        }
    }
}
