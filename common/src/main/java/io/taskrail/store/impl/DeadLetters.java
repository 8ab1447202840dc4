package io.taskrail.store.impl;

import io.taskrail.StoreError;
import io.taskrail.redis.LuaScript;
import io.taskrail.redis.RedisKeys;
import io.taskrail.redis.RedisKeys.QueueKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.util.List;

/** Retry and delete of dead letters: one task, or a whole dead set in chunks so that no script runs long. */
final class DeadLetters {
    private static final int CHUNK = 500;

    private final Redis redis;
    private final LuaScript retryScript;
    private final LuaScript deleteScript;
    private final Clock clock;

    DeadLetters(Redis redis, LuaScript retryScript, LuaScript deleteScript, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.retryScript = retryScript;
        this.deleteScript = deleteScript;
    }

    /** Retries one dead task; answers the script's code (1, or a negative StoreError code). */
    Future<Long> retry(QueueKeys q, String taskId) {
        return one(retryScript, retryKeys(q), q, taskId);
    }

    Future<Long> retryAll(QueueKeys q) {
        return all(retryScript, retryKeys(q), q, clock.millis(), 0, 0);
    }

    Future<Long> delete(QueueKeys q, String taskId) {
        return one(deleteScript, deleteKeys(q), q, taskId);
    }

    Future<Long> deleteAll(QueueKeys q) {
        return all(deleteScript, deleteKeys(q), q, clock.millis(), 0, 0);
    }

    private static List<String> deleteKeys(QueueKeys q) {
        return List.of(q.dead(), q.pending());
    }

    private static List<String> retryKeys(QueueKeys q) {
        return List.of(q.dead(), q.ready(), q.pending());
    }

    private Future<Long> one(LuaScript script, List<String> keys, QueueKeys q, String taskId) {
        return script.run(redis, keys, List.of(q.taskPrefix(), q.idempotencyPrefix(), "1", "0", "0", taskId))
                .map(codes -> codes.get(0).toLong());
    }

    /**
     * Runs the script a chunk at a time over the letters that died by {@code diedBy} (the request's start), until a
     * call finds less than a chunk; answers how many it moved. Letters dying meanwhile are left for the next sweep.
     * Letters a call leaves in place (a retry of one whose fields cannot be read) are passed over by the calls after
     * it; taken again, a chunk's worth of them would have made the sweep go round for ever.
     */
    private Future<Long> all(LuaScript script, List<String> keys, QueueKeys q, long diedBy, long doneSoFar,
                             long leftSoFar) {
        return script.run(redis, keys, List.of(q.taskPrefix(), q.idempotencyPrefix(), Integer.toString(CHUNK),
                        Long.toString(diedBy), Long.toString(leftSoFar)))
                .compose(codes -> {
                    long done = doneSoFar;
                    long left = leftSoFar;
                    for (Response code : codes) {
                        done += code.toLong() == 1 ? 1 : 0;
                        left += code.toLong() == StoreError.UNREADABLE.code() ? 1 : 0;
                    }
                    return codes.size() < CHUNK ? Future.succeededFuture(done)
                            : all(script, keys, q, diedBy, done, left);
                });
    }
}
