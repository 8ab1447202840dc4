package io.taskrail.store.impl;

import io.taskrail.InvalidTaskException;
import io.taskrail.redis.LuaScript;
import io.taskrail.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The set of queue names. The registry is one key outside every queue's hash slot, so it is written by a script of
 * its own before the enqueue script rather than inside it. A queue registered in the last few seconds is not
 * registered again, which keeps that call off the hot path; re-registering every few seconds still repairs a
 * registry lost with a Redis that restarted without persistence. A new queue past the limit is refused.
 */
final class QueueRegistry {
    private static final long REFRESH_MS = 5_000;

    private final Redis redis;
    private final RedisKeys keys;
    private final LuaScript registerQueues;
    private final long maxQueues;
    private final Clock clock;
    private final Map<String, Long> registeredAt = new ConcurrentHashMap<>();

    QueueRegistry(Redis redis, RedisKeys keys, LuaScript registerQueues, long maxQueues, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.registerQueues = registerQueues;
        this.maxQueues = maxQueues;
        this.clock = clock;
    }

    Future<Void> register(Collection<String> queues) {
        long now = clock.millis();
        List<String> stale = new ArrayList<>();
        for (String queue : queues) {
            Long at = registeredAt.get(queue);
            if (at == null || now - at > REFRESH_MS || now < at) {
                stale.add(queue);
            }
        }
        if (stale.isEmpty()) {
            return Future.succeededFuture();
        }
        List<String> args = new ArrayList<>(stale.size() + 1);
        args.add(Long.toString(maxQueues));
        args.addAll(stale);
        return registerQueues.run(redis, List.of(keys.queues()), args).compose(refused -> {
            if (refused.size() > 0) {
                return Future.failedFuture(new InvalidTaskException("queue", "queue '" + refused.get(0)
                        + "' would be one queue too many: at most " + maxQueues + " may exist (MAX_QUEUES)"));
            }
            stale.forEach(queue -> registeredAt.put(queue, now));
            return Future.succeededFuture();
        });
    }

    /** Every registered queue, in name order. */
    Future<List<String>> all() {
        return redis.send(Request.cmd(Command.SMEMBERS).arg(keys.queues())).map(members -> {
            List<String> names = new ArrayList<>(members.size());
            for (Response member : members) {
                names.add(member.toString());
            }
            names.sort(null);
            return names;
        });
    }
}
