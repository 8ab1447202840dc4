package io.taskrail.worker;

import io.taskrail.TaskStore;
import io.taskrail.WorkerInfo;
import io.taskrail.WorkerRegistry;
import io.taskrail.boot.Health;
import io.taskrail.boot.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A worker: claims tasks from Redis as notices that tasks are ready arrive ({@link WakeUps}; and on a slow safety
 * tick), runs them through the {@link io.taskrail.handler.TaskHandler}s on its classpath, and stores their
 * outcomes. Configured by {@link WorkerConfig}.
 *
 * <p>Shutdown (SIGTERM or undeploy), in order: stop claiming; let running tasks finish within the grace period;
 * release the rest back to ready, untouched; leave the registry.
 */
public class WorkerVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(WorkerVerticle.class);
    private static final String HOST = host();

    private WorkerConfig config;
    private String workerId;
    private long startedAt;
    private Redis redis;
    private Claimer claimer;
    private Runner runner;
    private Heartbeat heartbeat;
    private WakeUps wakeUps;
    private long tickTimer;
    private long heartbeatTimer;

    @Override
    public Future<?> start() {
        config = WorkerConfig.from(config());
        workerId = newWorkerId();
        startedAt = System.currentTimeMillis();
        redis = RedisClients.create(vertx, config.redisUrl(), config.redisTimeoutMs());
        TaskStore store = TaskStore.create(redis, config.store());
        Handlers handlers = new Handlers();
        Events events = new Events(vertx.eventBus(), context, workerId);
        Queues queues = new Queues(config.queues(), store);
        claimer = new Claimer(store, queues, workerId, config, task -> runner.run(task),
                (tasks, announce) -> runner.release(tasks, announce));
        AckBatcher acks = new AckBatcher(context, store, config.redisTimeoutMs());
        runner = new Runner(vertx, context, store, handlers, acks, events, config, workerId, claimer::slotFreed);
        heartbeat = new Heartbeat(WorkerRegistry.create(redis, config.store(), Clock.systemUTC()), vertx.eventBus(),
                this::snapshot, config.redisTimeoutMs());
        wakeUps = new WakeUps(vertx.eventBus(), queues, claimer, config.concurrency());
        Maintenance maintenance = new Maintenance(context, store, queues, claimer, events, config.redisTimeoutMs());

        return handlers.init(vertx, config())
                .compose(v -> store.init().timeout(config.redisTimeoutMs(), TimeUnit.MILLISECONDS).recover(e -> {
                    log.warn("Redis not reachable at start ({}); claiming once it is", e.toString());
                    return Future.succeededFuture();
                }))
                .compose(v -> wakeUps.listen())
                .compose(v -> serveHealth())
                .onSuccess(v -> {
                    tickTimer = vertx.setPeriodic(1, config.tickMs(), id -> maintenance.tick());
                    heartbeatTimer = vertx.setPeriodic(1, config.heartbeatMs(), id -> heartbeat.beat());
                    log.info("worker {} serving {} with {} slots", workerId,
                            queues.servesAll() ? "every queue" : config.queues(), config.concurrency());
                });
    }

    @Override
    public Future<?> stop() {
        log.info("worker {} stopping: {} tasks running", workerId, runner.inFlight());
        vertx.cancelTimer(tickTimer);
        // Each step runs whatever became of the one before: a failure is logged, and the worker stops anyway.
        return Future.join(wakeUps.stop(), claimer.stop())
                .transform(v -> runner.drain(config.graceMs()))
                .transform(v -> {
                    vertx.cancelTimer(heartbeatTimer);
                    return heartbeat.leave(workerId);
                })
                .transform(left -> {
                    if (left.failed()) {
                        // Redis is gone too: the leases of anything not released expire and those tasks run again.
                        log.warn("worker {} did not leave cleanly: {}", workerId, left.cause().toString());
                    }
                    redis.close();
                    return Future.succeededFuture();
                });
    }

    /** This worker's id: host, process id and a random suffix, so restarts never reuse one. */
    public String workerId() {
        return workerId;
    }

    /**
     * With {@code HEALTH_PORT} set: {@code GET /health} answers 200 with the Redis and cluster state and this worker's
     * counters, or 503 with the reason; for container healthchecks, as a worker has no other port.
     */
    private Future<Void> serveHealth() {
        if (config.healthPort() < 0) {
            return Future.succeededFuture();
        }
        Health health = new Health(vertx, redis, config.redisTimeoutMs());
        return vertx.createHttpServer().requestHandler(request -> {
            if (!"/health".equals(request.path())) {
                request.response().setStatusCode(404).end();
                return;
            }
            health.check().onSuccess(state -> {
                // Every slot held by a handler that overran its timeout: this worker runs nothing more until one
                // returns, so say so, and an orchestrator restarts it (its tasks' leases bring them back).
                int held = runner.slotsHeldByOverruns();
                state.put("slots", new JsonObject().put("concurrency", config.concurrency())
                        .put("heldByOverrunHandlers", held));
                if (held >= config.concurrency()) {
                    state.put("status", "DOWN").put("reason", "every slot is held by a blocking handler that "
                            + "overran its timeout");
                }
                request.response().setStatusCode(Health.isUp(state) ? 200 : 503)
                        .putHeader("Content-Type", "application/json")
                        .end(state.put("worker", snapshot().toJson()).encode());
            });
        }).listen(config.healthPort()).mapEmpty();
    }

    private WorkerInfo snapshot() {
        return new WorkerInfo(workerId, HOST, ProcessHandle.current().pid(), config.queues(), config.concurrency(),
                runner.inFlight(), runner.processed(), runner.failed(), startedAt, System.currentTimeMillis());
    }

    private static String newWorkerId() {
        return "worker-" + HOST + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        if (at >= 0) {
            return name.substring(at + 1);
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
