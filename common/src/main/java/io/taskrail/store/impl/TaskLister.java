package io.taskrail.store.impl;

import io.taskrail.Task;
import io.taskrail.TaskPage;
import io.taskrail.TaskQuery;
import io.taskrail.TaskStatus;
import io.taskrail.redis.LuaScript;
import io.taskrail.redis.RedisKeys;
import io.taskrail.redis.RedisKeys.QueueKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Pages through the tasks of one status, in one queue or across all of them (queue by queue, in name order).
 * The cursor is opaque to clients: base64url of {@code queue \n score \n id}, the last entry returned; for pending
 * tasks, which wait in lists, {@code priority \n position} stand in for score and id.
 */
final class TaskLister {
    /** With a type filter, at most this many entries per asked-for task are examined in one call. */
    private static final int BUDGET_PER_TASK = 10;

    private final Redis redis;
    private final RedisKeys keys;
    private final LuaScript script;
    private final LuaScript readyScript;
    private final QueueRegistry registry;

    TaskLister(Redis redis, RedisKeys keys, LuaScript script, LuaScript readyScript, QueueRegistry registry) {
        this.redis = redis;
        this.keys = keys;
        this.script = script;
        this.readyScript = readyScript;
        this.registry = registry;
    }

    Future<TaskPage> list(TaskQuery query) {
        Cursor start;
        try {
            start = query.cursor() == null ? null : Cursor.decode(query.cursor());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        if (start != null && query.queue() != null && !start.queue.equals(query.queue())) {
            return Future.failedFuture(new IllegalArgumentException("the cursor belongs to another queue"));
        }
        Future<List<String>> queues = query.queue() != null ? Future.succeededFuture(List.of(query.queue()))
                : registry.all();
        return queues.compose(names -> {
            int from = start == null ? 0 : indexFrom(names, start.queue);
            if (from >= names.size()) {
                return Future.succeededFuture(new TaskPage(List.of(), null));
            }
            // A cursor whose queue has gone from the registry resumes at the start of the next queue.
            Cursor first = start != null && start.queue.equals(names.get(from)) ? start
                    : new Cursor(names.get(from), "", "");
            return page(query, names, from, first, new ArrayList<>());
        });
    }

    /** Fills the page from queue {@code names[index]} onwards, one script call per queue. */
    private Future<TaskPage> page(TaskQuery query, List<String> names, int index, Cursor at, List<Task> found) {
        if (index >= names.size()) {
            return Future.succeededFuture(new TaskPage(found, null));
        }
        QueueKeys q = keys.queue(names.get(index));
        int wanted = query.limit() - found.size();
        boolean ready = query.status() == TaskStatus.PENDING;
        return (ready ? readyScript : script).run(redis,
                        ready ? List.of(q.ready(), q.pending()) : List.of(q.statusSet(query.status())),
                        List.of(q.taskPrefix(), at.score, at.id, Integer.toString(wanted),
                                query.type() == null ? "" : query.type(),
                                Integer.toString(wanted * BUDGET_PER_TASK)))
                .compose(r -> {
                    // The tasks follow the cursor's two values (see list.lua).
                    for (SizedEntries tasks = new SizedEntries(r, 2); tasks.next(); ) {
                        Task task = TaskHash.decode(r, tasks.from(), tasks.count());
                        if (task != null) {
                            found.add(task);
                        }
                    }
                    String nextScore = r.get(0).toString();
                    if (!nextScore.isEmpty()) {
                        return Future.succeededFuture(new TaskPage(found,
                                new Cursor(names.get(index), nextScore, r.get(1).toString()).encode()));
                    }
                    if (index + 1 >= names.size()) {
                        return Future.succeededFuture(new TaskPage(found, null));
                    }
                    return page(query, names, index + 1, new Cursor(names.get(index + 1), "", ""), found);
                });
    }

    /** Where the cursor's queue is, or would be, in the sorted names. */
    private static int indexFrom(List<String> names, String queue) {
        int i = java.util.Collections.binarySearch(names, queue);
        return i >= 0 ? i : -i - 1;
    }

    private record Cursor(String queue, String score, String id) {
        String encode() {
            String plain = queue + '\n' + score + '\n' + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3 || parts[0].isEmpty() || !parts[1].isEmpty() && !isNumber(parts[1])) {
                throw new IllegalArgumentException("invalid cursor");
            }
            return new Cursor(parts[0], parts[1], parts[2]);
        }

        /** Scores are whole numbers as Redis prints them; nothing else (NaN, hex, spaces) reaches a script. */
        private static boolean isNumber(String s) {
            return s.matches("-?[0-9]{1,17}");
        }
    }
}
