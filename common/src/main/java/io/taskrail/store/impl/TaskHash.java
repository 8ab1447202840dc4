package io.taskrail.store.impl;

import io.taskrail.Task;
import io.taskrail.TaskError;
import io.taskrail.TaskIds;
import io.taskrail.TaskStatus;
import io.taskrail.redis.Hashes;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import static io.taskrail.redis.Hashes.number;

/**
 * Reads a task from its Redis HASH, as HGETALL answers it: a flat array of fields and values from a script, or a
 * map (RESP3) from a direct call. Of a field that repeats in the array, the last value counts. Fields are read
 * without a map: the claim decodes every task a worker runs. Fields at their default may be absent (the enqueue
 * leaves them out to save memory): queue (in the id), attempts and timeoutMs (0), runAt (createdAt). A claimed task's
 * creation fields may be packed in one field ({@link PackedTask}); a field written out wins over its packed value.
 */
final class TaskHash {
    private static final String PACKED = "packed";

    private String id;
    private String type;
    private String queue;
    private String payload;
    private String status;
    private String workerId;
    private String result;
    private String error;
    private String idempotencyKey;
    private String priority;
    private String attempts;
    private String maxAttempts;
    private String timeoutMs;
    private String runAt;
    private String createdAt;
    private String startedAt;
    private String finishedAt;
    private String errorAttempt;
    private String leaseToken;
    private String leaseUntil;
    private Response packed;

    private TaskHash() {
    }

    /** The task, or null when the hash does not exist. */
    static Task decode(Response hash) {
        TaskHash f = read(hash);
        return f == null ? null : f.stored();
    }

    /**
     * The task whose flat HGETALL values are the {@code length} values of {@code reply} from {@code from} (a listing
     * script's reply), or null when there are none.
     */
    static Task decode(Response reply, int from, int length) {
        if (from + length > reply.size() || length % 2 == 1) {
            throw new IllegalStateException("a listed task of " + length + " values, from " + from + " in a reply of "
                    + reply.size());
        }
        if (length == 0) {
            return null;
        }
        return read(reply, from, from + length).stored();
    }

    /** The task as its fields stand. */
    private Task stored() {
        TaskStatus taskStatus = TaskStatus.fromWire(status);
        // A finished task keeps its last lease's fields (the ack does not spend a call removing them); they fence
        // nothing once the task is not processing, so they are not part of it.
        boolean leased = taskStatus == TaskStatus.PROCESSING;
        return task(taskStatus, number("attempts", attempts), number("startedAt", startedAt), workerId,
                leased ? number("leaseToken", leaseToken) : 0, leased ? number("leaseUntil", leaseUntil) : 0);
    }

    /**
     * A task as the claim script returns it, the {@code length} values of {@code reply} from {@code from}: id, packed
     * fields, new leaseToken for a task claimed for the first time (3 values), else the hash as it was before the
     * claim, then its new leaseToken (an even number). The claim's other fields are the caller's own arguments, so
     * they do not travel back.
     */
    static Task decodeClaimed(Response reply, int from, int length, long now, String workerId, long leaseUntil) {
        if (from + length > reply.size() || (length != 3 && (length % 2 == 1 || length == 0))) {
            throw new IllegalStateException("a claimed task of " + length + " values, from " + from + " in a reply of "
                    + reply.size());
        }
        TaskHash f;
        if (length == 3) {
            f = new TaskHash();
            f.id = reply.get(from).toString();
            f.leaseToken = reply.get(from + 2).toString();
            f.fillFromPacked(reply.get(from + 1));
        } else {
            f = read(reply, from, from + length);
        }
        return f.task(TaskStatus.PROCESSING, number("attempts", f.attempts) + 1, now, workerId,
                number("leaseToken", f.leaseToken), leaseUntil);
    }

    private static TaskHash read(Response hash) {
        if (hash == null || hash.size() == 0) {
            return null;
        }
        TaskHash f = new TaskHash();
        Hashes.forEachValue(hash, f::take);
        return f.unpacked();
    }

    /** The fields and values of an array from {@code from} to {@code to} (exclusive): a hash inside a flat reply. */
    private static TaskHash read(Response reply, int from, int to) {
        TaskHash f = new TaskHash();
        Hashes.forEachValue(reply, from, to, f::take);
        return f.unpacked();
    }

    /** This, with the creation fields not written out filled from the packed value, if there is one. */
    private TaskHash unpacked() {
        if (packed != null) {
            fillFromPacked(packed);
        }
        return this;
    }

    /** The packed value is binary: kept as Redis answered it, and read after the fields written out. */
    private void take(String field, Response value) {
        if (PACKED.equals(field)) {
            packed = value;
        } else {
            set(field, value.toString());
        }
    }

    /** The creation fields not written out, from their packed values (see {@link PackedTask} for the order). */
    private void fillFromPacked(Response packed) {
        String[] values = PackedTask.values(packed.toBytes());
        type = orPacked(type, values, 0);
        payload = orPacked(payload, values, 1);
        priority = orPacked(priority, values, 2);
        maxAttempts = orPacked(maxAttempts, values, 3);
        createdAt = orPacked(createdAt, values, 4);
        timeoutMs = orPacked(timeoutMs, values, 5);
        runAt = orPacked(runAt, values, 6);
        idempotencyKey = orPacked(idempotencyKey, values, 7);
    }

    /** A field written out wins over its packed value; '' packed is a field at its default (absent). */
    private static String orPacked(String written, String[] packed, int index) {
        return written != null || index >= packed.length || packed[index].isEmpty() ? written : packed[index];
    }

    private void set(String field, String value) {
        switch (field) {
            case "id" -> id = value;
            case "type" -> type = value;
            case "queue" -> queue = value;
            case "payload" -> payload = value;
            case "status" -> status = value;
            case "workerId" -> workerId = value;
            case "result" -> result = value;
            case "error" -> error = value;
            case "idempotencyKey" -> idempotencyKey = value;
            case "priority" -> priority = value;
            case "attempts" -> attempts = value;
            case "maxAttempts" -> maxAttempts = value;
            case "timeoutMs" -> timeoutMs = value;
            case "runAt" -> runAt = value;
            case "createdAt" -> createdAt = value;
            case "startedAt" -> startedAt = value;
            case "finishedAt" -> finishedAt = value;
            case "errorAttempt" -> errorAttempt = value;
            case "leaseToken" -> leaseToken = value;
            case "leaseUntil" -> leaseUntil = value;
            default -> {
                // A field this version does not know (written by a newer one): not part of the task here.
            }
        }
    }

    private Task task(TaskStatus taskStatus, long taskAttempts, long taskStartedAt, String taskWorkerId,
                      long taskLeaseToken, long taskLeaseUntil) {
        long created = number("createdAt", createdAt);
        return new Task(id, type, queue != null ? queue : TaskIds.queueOf(id), json(payload),
                (int) number("priority", priority), taskStatus, (int) taskAttempts,
                (int) number("maxAttempts", maxAttempts), number("timeoutMs", timeoutMs),
                runAt != null ? number("runAt", runAt) : created, created, taskStartedAt,
                number("finishedAt", finishedAt), taskWorkerId, json(result),
                error == null ? null : new TaskError(error, (int) number("errorAttempt", errorAttempt)),
                idempotencyKey, taskLeaseToken, taskLeaseUntil);
    }

    private static JsonObject json(String text) {
        return text == null ? null : new JsonObject(text);
    }
}
