package io.taskrail;

import io.vertx.core.json.JsonObject;

/**
 * One successful attempt to ack.
 *
 * @param taskId     the task
 * @param leaseToken the fencing token the claim returned
 * @param result     the handler's result; may be null
 */
public record Completion(String taskId, long leaseToken, JsonObject result) {
}
