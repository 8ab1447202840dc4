package io.taskrail.workers;

import io.taskrail.StoreOptions;
import io.taskrail.WorkerInfo;
import io.taskrail.WorkerRegistry;
import io.taskrail.redis.Hashes;
import io.taskrail.redis.LuaScript;
import io.taskrail.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@link WorkerRegistry} on Redis: a hash per worker that expires, and a sorted set of ids by last heartbeat. */
public final class RedisWorkerRegistry implements WorkerRegistry {
    /** At most this many workers are listed; a bound on the work of one /workers request. */
    private static final int MAX_LISTED = 1_000;

    private final Redis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final LuaScript heartbeat = LuaScript.load("heartbeat");
    private final LuaScript deregister = LuaScript.load("deregister");

    public RedisWorkerRegistry(Redis redis, StoreOptions options, Clock clock) {
        this.redis = redis;
        this.keys = new RedisKeys(options.getKeyPrefix());
        this.clock = clock;
    }

    @Override
    public Future<Void> heartbeat(WorkerInfo w) {
        List<String> args = new ArrayList<>(List.of(keys.workerPrefix(), w.id(), Long.toString(clock.millis()),
                Long.toString(TTL_MS),
                "id", w.id(), "host", w.host(), "pid", Long.toString(w.pid()), "queues", String.join(",", w.queues()),
                "concurrency", Integer.toString(w.concurrency()), "inFlight", Integer.toString(w.inFlight()),
                "processed", Long.toString(w.processed()), "failed", Long.toString(w.failed()),
                "startedAt", Long.toString(w.startedAt())));
        return heartbeat.run(redis, List.of(keys.liveWorkers()), args).mapEmpty();
    }

    @Override
    public Future<Void> deregister(String workerId) {
        return deregister.run(redis, List.of(keys.liveWorkers()), List.of(keys.workerPrefix(), workerId)).mapEmpty();
    }

    @Override
    public Future<List<WorkerInfo>> live() {
        String since = Long.toString(clock.millis() - TTL_MS);
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(keys.liveWorkers()).arg(since).arg("+inf")
                        .arg("LIMIT").arg(0).arg(MAX_LISTED))
                .compose(ids -> {
                    if (ids.size() == 0) {
                        return Future.succeededFuture(List.of());
                    }
                    List<Request> reads = new ArrayList<>(ids.size());
                    for (Response id : ids) {
                        reads.add(Request.cmd(Command.HGETALL).arg(keys.workerPrefix() + id));
                    }
                    return redis.batch(reads).map(RedisWorkerRegistry::decodeAll);
                });
    }

    private static List<WorkerInfo> decodeAll(List<Response> hashes) {
        List<WorkerInfo> workers = new ArrayList<>(hashes.size());
        for (Response hash : hashes) {
            if (hash != null && hash.size() > 0) {
                workers.add(decode(hash));
            }
        }
        workers.sort((a, b) -> a.id().compareTo(b.id()));
        return workers;
    }

    private static WorkerInfo decode(Response hash) {
        Map<String, String> f = Hashes.toMap(hash);
        String queues = f.getOrDefault("queues", "");
        return new WorkerInfo(f.get("id"), f.get("host"), Hashes.number(f, "pid"),
                queues.isEmpty() ? List.of() : Arrays.asList(queues.split(",")),
                (int) Hashes.number(f, "concurrency"), (int) Hashes.number(f, "inFlight"), Hashes.number(f, "processed"),
                Hashes.number(f, "failed"), Hashes.number(f, "startedAt"), Hashes.number(f, "lastHeartbeat"));
    }
}
