package io.taskrail.store.impl;

import io.taskrail.Task;
import io.taskrail.TaskError;
import io.taskrail.TaskStatus;
import io.taskrail.redis.Hashes;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.util.Map;

/** Reads a task from its Redis HASH, as HGETALL answers it. */
final class TaskHash {
    private TaskHash() {
    }

    /**
     * The task, or null when the hash does not exist. Takes HGETALL's answer as a script returns it (a flat array)
     * or as RESP3 returns it to a direct call (a map).
     */
    static Task decode(Response hash) {
        if (hash == null || hash.size() == 0) {
            return null;
        }
        Map<String, String> f = Hashes.toMap(hash);
        String error = f.get("error");
        TaskStatus status = TaskStatus.fromWire(f.get("status"));
        // A finished task keeps its last lease's fields (the ack does not spend a call removing them); they fence
        // nothing once the task is not processing, so they are not part of it.
        boolean leased = status == TaskStatus.PROCESSING;
        return new Task(
                f.get("id"),
                f.get("type"),
                f.get("queue"),
                json(f.get("payload")),
                (int) Hashes.number(f, "priority"),
                status,
                (int) Hashes.number(f, "attempts"),
                (int) Hashes.number(f, "maxAttempts"),
                Hashes.number(f, "timeoutMs"),
                Hashes.number(f, "runAt"),
                Hashes.number(f, "createdAt"),
                Hashes.number(f, "startedAt"),
                Hashes.number(f, "finishedAt"),
                f.get("workerId"),
                json(f.get("result")),
                error == null ? null : new TaskError(error, (int) Hashes.number(f, "errorAttempt")),
                f.get("idempotencyKey"),
                leased ? Hashes.number(f, "leaseToken") : 0,
                leased ? Hashes.number(f, "leaseUntil") : 0);
    }

    private static JsonObject json(String text) {
        return text == null ? null : new JsonObject(text);
    }
}
