package io.taskrail.reliability;

import io.taskrail.TaskIds;
import io.taskrail.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Redis itself holds, read by the scenario (not through the services it checks): each task's status and
 * attempts, and the server's memory. Blocking; called from the test thread only.
 */
final class RedisView implements AutoCloseable {
    /** A task's state in Redis; {@code status} null when it is gone. */
    record TaskState(String status, int attempts) {
    }

    /**
     * {createdAt, startedAt} of a task, read in one atomic call wherever they are: createdAt is the fifth packed value
     * (see lua/includes/task.lua) of a task still packed in the pending hash, or packed in its own hash once claimed.
     */
    private static final String CREATED_AND_STARTED = String.join("\n",
            "local p = redis.call('HGET', KEYS[1], ARGV[1])",
            "if p then return {cmsgpack.unpack(p)[5], false} end",
            "local h = redis.call('HMGET', KEYS[2], 'createdAt', 'startedAt', 'packed')",
            "local created = h[1]",
            "if not created and h[3] then created = cmsgpack.unpack(h[3])[5] end",
            "return {created or false, h[2] or false}");

    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;
    private final RedisKeys keys = new RedisKeys("tr");

    RedisView(String url) {
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    }

    /**
     * Every task's state, read in pipelined batches of HMGETs. A task never claimed has no hash of its own: it waits
     * packed in its queue's pending hash, so that is asked too, first: a claim between the two reads then shows as
     * processing, never as missing (a pipeline is not atomic).
     */
    Map<String, TaskState> states(List<String> ids) {
        Map<String, TaskState> states = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            List<Request> requests = new ArrayList<>();
            for (String id : chunk) {
                requests.add(Request.cmd(Command.HEXISTS).arg(pendingHash(id)).arg(id));
                requests.add(Request.cmd(Command.HMGET).arg(keys.task(id)).arg("status").arg("attempts"));
            }
            List<Response> responses = await(redis.batch(requests), 30);
            for (int i = 0; i < chunk.size(); i++) {
                boolean packed = responses.get(2 * i).toInteger() == 1;
                Response fields = responses.get(2 * i + 1);
                String status = fields.get(0) != null ? fields.get(0).toString() : packed ? "pending" : null;
                int attempts = fields.get(1) == null ? 0 : fields.get(1).toInteger();
                states.put(chunk.get(i), new TaskState(status, attempts));
            }
        }
        return states;
    }

    /**
     * Submit-to-start latency (startedAt - createdAt, ms) of each of these tasks; one that has not started yet counts
     * with its age at {@code now}, a lower bound, so waiting tasks are not left out of the percentiles.
     */
    List<Long> startLatencies(List<String> ids, long now) {
        List<Request> requests = new ArrayList<>();
        for (String id : ids) {
            requests.add(Request.cmd(Command.EVAL).arg(CREATED_AND_STARTED).arg(2).arg(pendingHash(id))
                    .arg(keys.task(id)).arg(id));
        }
        List<Long> latencies = new ArrayList<>();
        if (requests.isEmpty()) {
            return latencies;
        }
        List<Response> responses = await(redis.batch(requests), 30);
        for (Response fields : responses) {
            if (fields.get(0) == null) {
                continue; // expired after its retention: long started
            }
            long createdAt = fields.get(0).toLong();
            long startedAt = fields.get(1) == null ? 0 : fields.get(1).toLong();
            latencies.add(startedAt > 0 ? startedAt - createdAt : now - createdAt);
        }
        return latencies;
    }

    private String pendingHash(String taskId) {
        return keys.queue(TaskIds.queueOf(taskId)).pending();
    }

    /** How many tasks of {@code queue} are in processing under {@code workerId}'s lease. */
    int heldBy(String queue, String workerId) {
        List<String> ids = new ArrayList<>();
        await(redis.send(Request.cmd(Command.ZRANGE).arg(keys.queue(queue).processing()).arg(0).arg(-1)), 10)
                .forEach(id -> ids.add(id.toString()));
        int held = 0;
        for (String id : ids) {
            Response owner = await(redis.send(Request.cmd(Command.HGET).arg(keys.task(id)).arg("workerId")), 10);
            if (owner != null && owner.toString().equals(workerId)) {
                held++;
            }
        }
        return held;
    }

    /** INFO memory's used_memory, in bytes. */
    long usedMemory() {
        String info = await(redis.send(Request.cmd(Command.INFO).arg("memory")), 10).toString();
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("INFO memory has no used_memory");
        }
        return Long.parseLong(m.group(1));
    }

    private static <T> T await(Future<T> future, int seconds) {
        try {
            return future.await(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Redis did not answer within " + seconds + " s", e);
        }
    }

    @Override
    public void close() {
        redis.close();
        await(vertx.close(), 10);
    }
}
