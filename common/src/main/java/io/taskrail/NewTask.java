package io.taskrail;

import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * A task as submitted, before the store gives it an id. Build one with {@link #of(String, JsonObject)} and the
 * {@code withXxx} methods, or read one from JSON with {@link #fromJson(JsonObject, long)}; either way the values are
 * checked on construction, so an invalid task never reaches Redis.
 *
 * @param type           the handler that runs it; {@code [A-Za-z0-9._-]{1,64}}
 * @param payload        the handler's input
 * @param queue          the queue it waits in; same pattern as type; default {@value #DEFAULT_QUEUE}
 * @param priority       0 (highest) .. 9; see {@link Priority}
 * @param maxAttempts    how many times it may run before it is dead; 1..{@value #MAX_ATTEMPTS}, default
 *                       {@value #DEFAULT_MAX_ATTEMPTS}
 * @param timeoutMs      how long one attempt may run, in ms; 0 means the worker's default for the type
 * @param runAt          epoch ms before which it must not run; 0 means as soon as possible
 * @param idempotencyKey a second submission with the same key to the same queue returns the first task; may be null
 */
public record NewTask(String type, JsonObject payload, String queue, int priority, int maxAttempts, long timeoutMs,
                      long runAt, String idempotencyKey) {

    public static final String DEFAULT_QUEUE = "default";
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int MAX_ATTEMPTS = 100;
    /** One attempt may be given at most a day. */
    public static final long MAX_TIMEOUT_MS = 86_400_000L;
    /** A task may be scheduled at most a year ahead. */
    public static final long MAX_DELAY_MS = 366L * 86_400_000L;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public NewTask {
        requireName("type", type);
        requireName("queue", queue);
        if (payload == null) {
            throw new InvalidTaskException("payload", "payload must be a JSON object");
        }
        if (priority < Priority.HIGHEST || priority > Priority.LOWEST) {
            throw new InvalidTaskException("priority", "priority must be from 0 (highest) to 9");
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new InvalidTaskException("maxAttempts", "maxAttempts must be from 1 to " + MAX_ATTEMPTS);
        }
        if (timeoutMs < 0 || timeoutMs > MAX_TIMEOUT_MS) {
            throw new InvalidTaskException("timeoutMs", "timeoutMs must be from 0 (the type's default) to " + MAX_TIMEOUT_MS);
        }
        if (runAt < 0) {
            throw new InvalidTaskException("runAt", "runAt must be epoch milliseconds");
        }
        if (idempotencyKey != null
                && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new InvalidTaskException("idempotencyKey",
                    "idempotencyKey must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
    }

    /** A task of this type with this payload, on the default queue at normal priority. */
    public static NewTask of(String type, JsonObject payload) {
        return new NewTask(type, payload, DEFAULT_QUEUE, Priority.NORMAL, DEFAULT_MAX_ATTEMPTS, 0, 0, null);
    }

    public NewTask withQueue(String queue) {
        return new NewTask(type, payload, queue, priority, maxAttempts, timeoutMs, runAt, idempotencyKey);
    }

    public NewTask withPriority(int priority) {
        return new NewTask(type, payload, queue, priority, maxAttempts, timeoutMs, runAt, idempotencyKey);
    }

    public NewTask withMaxAttempts(int maxAttempts) {
        return new NewTask(type, payload, queue, priority, maxAttempts, timeoutMs, runAt, idempotencyKey);
    }

    public NewTask withTimeoutMs(long timeoutMs) {
        return new NewTask(type, payload, queue, priority, maxAttempts, timeoutMs, runAt, idempotencyKey);
    }

    public NewTask withRunAt(long runAt) {
        return new NewTask(type, payload, queue, priority, maxAttempts, timeoutMs, runAt, idempotencyKey);
    }

    public NewTask withIdempotencyKey(String idempotencyKey) {
        return new NewTask(type, payload, queue, priority, maxAttempts, timeoutMs, runAt, idempotencyKey);
    }

    /**
     * Reads a submission: {@code {type, payload, queue?, priority?, maxAttempts?, timeoutMs?, delayMs? | runAt?,
     * idempotencyKey?}}. {@code delayMs} is relative to {@code now}; giving both it and runAt is an error.
     *
     * @throws InvalidTaskException naming the first field at fault
     */
    public static NewTask fromJson(JsonObject json, long now) {
        Object payload = json.getValue("payload");
        if (!(payload instanceof JsonObject payloadObject)) {
            throw new InvalidTaskException("payload", payload == null
                    ? "payload is required and must be a JSON object" : "payload must be a JSON object");
        }
        if (json.containsKey("delayMs") && json.containsKey("runAt")) {
            throw new InvalidTaskException("delayMs", "give delayMs or runAt, not both");
        }
        long runAt = 0;
        if (json.containsKey("delayMs")) {
            runAt = now + longField(json, "delayMs", 0, MAX_DELAY_MS, 0);
        } else if (json.containsKey("runAt")) {
            runAt = longField(json, "runAt", 0, now + MAX_DELAY_MS, 0);
        }
        return new NewTask(
                stringField(json, "type", null),
                payloadObject,
                stringField(json, "queue", DEFAULT_QUEUE),
                Priority.parse(json.getValue("priority")),
                (int) longField(json, "maxAttempts", 1, MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS),
                longField(json, "timeoutMs", 0, MAX_TIMEOUT_MS, 0),
                runAt,
                stringField(json, "idempotencyKey", null));
    }

    private static String stringField(JsonObject json, String field, String fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            if (fallback == null && field.equals("type")) {
                throw new InvalidTaskException(field, "type is required");
            }
            return fallback;
        }
        if (!(value instanceof String s)) {
            throw new InvalidTaskException(field, field + " must be a string");
        }
        return s;
    }

    private static long longField(JsonObject json, String field, long min, long max, long fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new InvalidTaskException(field, field + " must be a whole number");
        }
        double d = number.doubleValue();
        if (d < min || d > max) {
            throw new InvalidTaskException(field, field + " must be from " + min + " to " + max);
        }
        return number.longValue();
    }

    private static void requireName(String field, String value) {
        if (value == null) {
            throw new InvalidTaskException(field, field + " is required");
        }
        if (!NAME.matcher(value).matches()) {
            throw new InvalidTaskException(field, field + " must match [A-Za-z0-9._-]{1,64}");
        }
    }
}
