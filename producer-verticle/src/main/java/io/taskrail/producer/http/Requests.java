package io.taskrail.producer.http;

import io.taskrail.InvalidTaskException;
import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskPage;
import io.taskrail.TaskQuery;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and checks request bodies and query parameters; every refusal is an {@link ApiException} 400. */
final class Requests {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Requests() {
    }

    /** The body as a JSON object: malformed JSON, an empty body and a non-object are each refused. */
    static JsonObject jsonObject(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.badRequest("the body must be a JSON object, and is empty");
        }
        Object value = Json.decodeValue(body);
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return object;
    }

    /**
     * The task, if what it would store is what was sent. JSON parsing lets through what cannot be: a number past a
     * double's range (1e400 parses as Infinity, and would be stored as the string "Infinity") and a string with an
     * unpaired UTF-16 surrogate (stored as '?', so two different idempotency keys could collide).
     */
    static NewTask storable(NewTask task) {
        String problem = unrepresentable(task.payload().getMap());
        if (problem != null) {
            throw new InvalidTaskException("payload", "payload holds " + problem);
        }
        if (task.idempotencyKey() != null && !wellFormed(task.idempotencyKey())) {
            throw new InvalidTaskException("idempotencyKey", "idempotencyKey holds " + UNPAIRED);
        }
        return task;
    }

    private static final String UNPAIRED = "an unpaired UTF-16 surrogate (\\uD800 to \\uDFFF alone)";

    /** What in this parsed JSON value cannot be stored as sent, or null. */
    private static String unrepresentable(Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String problem = unrepresentable(entry.getKey());
                if (problem == null) {
                    problem = unrepresentable(entry.getValue());
                }
                if (problem != null) {
                    return problem;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                String problem = unrepresentable(element);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (value instanceof JsonObject object) {
            return unrepresentable(object.getMap());
        } else if (value instanceof JsonArray array) {
            return unrepresentable(array.getList());
        } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            return "a number out of range (NaN, or past about 1.8e308)";
        } else if (value instanceof String text && !wellFormed(text)) {
            return UNPAIRED;
        }
        return null;
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** An optional name parameter (queue, type): absent is null; present must match the name pattern. */
    static String name(RoutingContext ctx, String param) {
        String value = ctx.request().getParam(param);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!NAME.matcher(value).matches()) {
            throw ApiException.badRequest(param + " must match [A-Za-z0-9._-]{1,64}");
        }
        return value;
    }

    /** The {@code limit} parameter: 1..500, default 50. */
    static int limit(RoutingContext ctx) {
        String value = ctx.request().getParam("limit");
        if (value == null || value.isEmpty()) {
            return TaskQuery.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= TaskQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + TaskQuery.MAX_LIMIT);
    }

    /** The {@code cursor} parameter, or null. */
    static String cursor(RoutingContext ctx) {
        String value = ctx.request().getParam("cursor");
        return value == null || value.isEmpty() ? null : value;
    }

    /** Answers a listing page: {@code {tasks: [...], cursor}}. */
    static void page(RoutingContext ctx, TaskPage page) {
        JsonArray tasks = new JsonArray();
        page.tasks().stream().map(Task::toJson).forEach(tasks::add);
        json(ctx, 200, new JsonObject().put("tasks", tasks).put("cursor", page.cursor()));
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
