package io.taskrail.store.impl;

import io.taskrail.Task;
import io.taskrail.TaskError;
import io.taskrail.TaskStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.util.HashMap;
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
        Map<String, String> f = new HashMap<>(32);
        if (hash.isMap()) {
            for (String field : hash.getKeys()) {
                f.put(field, hash.get(field).toString());
            }
        } else {
            for (int i = 0; i + 1 < hash.size(); i += 2) {
                f.put(hash.get(i).toString(), hash.get(i + 1).toString());
            }
        }
        String error = f.get("error");
        return new Task(
                f.get("id"),
                f.get("type"),
                f.get("queue"),
                json(f.get("payload")),
                (int) number(f, "priority"),
                TaskStatus.fromWire(f.get("status")),
                (int) number(f, "attempts"),
                (int) number(f, "maxAttempts"),
                number(f, "timeoutMs"),
                number(f, "runAt"),
                number(f, "createdAt"),
                number(f, "startedAt"),
                number(f, "finishedAt"),
                f.get("workerId"),
                json(f.get("result")),
                error == null ? null : new TaskError(error, (int) number(f, "errorAttempt")),
                f.get("idempotencyKey"),
                number(f, "leaseToken"),
                number(f, "leaseUntil"));
    }

    private static long number(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static JsonObject json(String text) {
        return text == null ? null : new JsonObject(text);
    }
}
