package io.taskrail.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * Reads {@code tasks:events} messages. A worker publishes the steps of one event-loop turn together,
 * {@code {"events": [step, ...]}}, so a busy worker sends one message per batch rather than two per task (each
 * message crosses the cluster to every node that listens). It sends the message as JSON text ({@link TaskEventBatch});
 * workers before that sent it as a JSON object, and before batching each step as a message of its own. All three are
 * read.
 */
public final class TaskEvents {
    private TaskEvents() {
    }

    /**
     * Each step the message carries, in order. A message that is not a JSON object, or whose {@code events} is not an
     * array, carries none; entries of the array that are not objects are passed over. It is a monitor's input, and
     * one bad message must not stop it.
     */
    public static void forEach(Object message, Consumer<JsonObject> step) {
        JsonObject json = asJson(message);
        if (json == null) {
            return;
        }
        Object events = json.getValue("events");
        if (events != null && !(events instanceof JsonArray)) {
            return;
        }
        JsonArray steps = (JsonArray) events;
        if (steps == null) {
            step.accept(json);
            return;
        }
        for (int i = 0; i < steps.size(); i++) {
            Object each = steps.getValue(i);
            if (each instanceof JsonObject event) {
                step.accept(event);
            }
        }
    }

    private static JsonObject asJson(Object message) {
        try {
            if (message instanceof String text) {
                return new JsonObject(text);
            }
        } catch (RuntimeException notAnObject) {
            return null;
        }
        return message instanceof JsonObject json ? json : null;
    }
}
