package io.taskrail.reliability;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** The tasks scenarios submit: the worker's built-in {@code simulate} handler, never failing on its own. */
final class Tasks {
    private Tasks() {
    }

    /**
     * Tasks that each take 0..maxMs on a timer, with attempts to spare, so only a crash or a lost lease makes one
     * run again, and none goes dead for it.
     */
    static Supplier<JsonObject> simulate(int maxMs) {
        return () -> new JsonObject().put("type", "simulate").put("maxAttempts", 20)
                .put("payload", new JsonObject().put("ms", ThreadLocalRandom.current().nextInt(maxMs + 1)));
    }
}
