package io.taskrail;

import io.vertx.core.json.JsonObject;

/**
 * The last error a task hit.
 *
 * @param message what went wrong, as the handler or the reaper reported it
 * @param attempt the attempt (1-based) that failed
 */
public record TaskError(String message, int attempt) {
    public JsonObject toJson() {
        return new JsonObject().put("message", message).put("attempt", attempt);
    }
}
