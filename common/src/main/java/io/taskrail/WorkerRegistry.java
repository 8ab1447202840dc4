package io.taskrail;

import io.taskrail.workers.RedisWorkerRegistry;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

import java.time.Clock;
import java.util.List;

/**
 * The live workers, kept in Redis. Each worker heartbeats every few seconds; one that stops is gone from
 * {@link #live()} within the {@link #TTL_MS}, and its claimed tasks come back through the lease reaper.
 */
public interface WorkerRegistry {
    /** A worker silent this long is no longer live. */
    long TTL_MS = 15_000;

    static WorkerRegistry create(Redis redis, StoreOptions options, Clock clock) {
        return new RedisWorkerRegistry(redis, options, clock);
    }

    /** Registers the worker or refreshes it, with its current counters; lastHeartbeat is set to now. */
    Future<Void> heartbeat(WorkerInfo worker);

    /** Removes the worker at once, for a clean shutdown. */
    Future<Void> deregister(String workerId);

    /** The workers that heartbeat within the TTL, by id. */
    Future<List<WorkerInfo>> live();
}
