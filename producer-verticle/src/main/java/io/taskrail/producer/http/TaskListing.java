package io.taskrail.producer.http;

import io.taskrail.Task;
import io.taskrail.TaskPage;
import io.taskrail.TaskQuery;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /tasks} pages: of one status, or, with none given, of every status in lifecycle order. The API's
 * cursor wraps the store's with the status it belongs to: base64url of {@code status \n storeCursor}.
 */
final class TaskListing {
    private final TaskStore store;

    TaskListing(TaskStore store) {
        this.store = store;
    }

    Future<TaskPage> page(TaskStatus only, String queue, String type, int limit, String cursor) {
        TaskStatus status = only == null ? TaskStatus.values()[0] : only;
        String storeCursor = null;
        if (cursor != null) {
            String[] parts = decode(cursor);
            TaskStatus cursorStatus = TaskStatus.fromWire(parts[0]);
            if (cursorStatus == null || only != null && cursorStatus != only) {
                return Future.failedFuture(ApiException.badRequest("the cursor does not belong to this listing"));
            }
            status = cursorStatus;
            storeCursor = parts[1].isEmpty() ? null : parts[1];
        }
        return fill(only == null, status, queue, type, limit, storeCursor, new ArrayList<>());
    }

    private Future<TaskPage> fill(boolean allStatuses, TaskStatus status, String queue, String type, int limit,
                                  String storeCursor, List<Task> found) {
        TaskQuery query = new TaskQuery(status, queue, type, limit - found.size(), storeCursor);
        return store.list(query).compose(page -> {
            found.addAll(page.tasks());
            if (page.cursor() != null) {
                return Future.succeededFuture(new TaskPage(found, encode(status, page.cursor())));
            }
            int next = status.ordinal() + 1;
            if (!allStatuses || next >= TaskStatus.values().length) {
                return Future.succeededFuture(new TaskPage(found, null));
            }
            TaskStatus nextStatus = TaskStatus.values()[next];
            if (found.size() >= limit) {
                return Future.succeededFuture(new TaskPage(found, encode(nextStatus, "")));
            }
            return fill(true, nextStatus, queue, type, limit, null, found);
        });
    }

    private static String encode(TaskStatus status, String storeCursor) {
        String plain = status.wireName() + '\n' + storeCursor;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                    .split("\n", 2);
            if (parts.length == 2) {
                return parts;
            }
        } catch (IllegalArgumentException ignored) {
            // answered below
        }
        throw ApiException.badRequest("invalid cursor");
    }
}
