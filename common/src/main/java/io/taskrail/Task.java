package io.taskrail;

import io.vertx.core.json.JsonObject;

/**
 * A task as the store holds it. Timestamps are epoch milliseconds, 0 when the moment has not happened.
 *
 * @param id             {@code <queue>:<ulid>}; the queue is part of the id so a task can be found from its id alone
 * @param type           the handler that runs it
 * @param queue          the queue it belongs to
 * @param payload        the handler's input
 * @param priority       0 (highest) .. 9, see {@link Priority}
 * @param status         where it is in its lifecycle
 * @param attempts       attempts started so far, counting the one in progress
 * @param maxAttempts    attempts allowed before it is dead
 * @param timeoutMs      time allowed for one attempt; 0 means the worker's default for the type
 * @param runAt          when it became, or becomes, ready to run
 * @param createdAt      when it was enqueued
 * @param startedAt      when its latest attempt started; 0 if none has
 * @param finishedAt     when it completed, died or was cancelled; 0 otherwise
 * @param workerId       the worker of its latest attempt; null if none
 * @param result         what the handler returned, once completed; null otherwise
 * @param error          the last error, or null
 * @param idempotencyKey the key it was submitted with, or null
 * @param leaseToken     the fencing token of the current lease; only a worker holding it may ack, fail, extend or
 *                       release. 0 when not processing. Never shown by {@link #toJson()}.
 * @param leaseUntil     when the current lease expires; 0 when not processing
 */
public record Task(String id, String type, String queue, JsonObject payload, int priority, TaskStatus status,
                   int attempts, int maxAttempts, long timeoutMs, long runAt, long createdAt, long startedAt,
                   long finishedAt, String workerId, JsonObject result, TaskError error, String idempotencyKey,
                   long leaseToken, long leaseUntil) {

    /** The public view: every field but the lease token, nulls left out, status in lower case. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("type", type)
                .put("queue", queue)
                .put("payload", payload)
                .put("priority", priority)
                .put("status", status.wireName())
                .put("attempts", attempts)
                .put("maxAttempts", maxAttempts)
                .put("timeoutMs", timeoutMs)
                .put("runAt", runAt)
                .put("createdAt", createdAt)
                .put("startedAt", startedAt)
                .put("finishedAt", finishedAt);
        putIfPresent(json, "workerId", workerId);
        putIfPresent(json, "result", result);
        putIfPresent(json, "error", error == null ? null : error.toJson());
        putIfPresent(json, "idempotencyKey", idempotencyKey);
        if (leaseUntil > 0) {
            json.put("leaseUntil", leaseUntil);
        }
        return json;
    }

    private static void putIfPresent(JsonObject json, String field, Object value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
