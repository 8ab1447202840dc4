package io.taskrail.store.impl;

import io.taskrail.AckOutcome;
import io.taskrail.Backoff;
import io.taskrail.Completion;
import io.taskrail.EnqueueResult;
import io.taskrail.NewTask;
import io.taskrail.QueueFullException;
import io.taskrail.QueueStats;
import io.taskrail.Reaped;
import io.taskrail.StoreError;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.TaskIds;
import io.taskrail.TaskPage;
import io.taskrail.TaskQuery;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.redis.RedisKeys;
import io.taskrail.redis.RedisKeys.QueueKeys;
import io.taskrail.redis.RedisVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** {@link TaskStore} on Redis: builds each script's KEYS and ARGV and reads its answer. */
public final class RedisTaskStore implements TaskStore {
    private static final Logger log = LoggerFactory.getLogger(RedisTaskStore.class);
    /** Due scheduled tasks a claim promotes before it pops; the promote tick takes care of larger backlogs. */
    private static final int PROMOTE_ON_CLAIM = 100;

    private final Redis redis;
    private final StoreOptions options;
    private final Clock clock;
    private final RedisKeys keys;
    private final Scripts scripts = new Scripts();
    private final QueueRegistry registry;
    private final TaskLister lister;
    private final DeadLetters deadLetters;
    private final EnqueueCoalescer coalescer = new EnqueueCoalescer(this::enqueueAll);

    public RedisTaskStore(Redis redis, StoreOptions options, Clock clock) {
        this.redis = redis;
        this.options = options;
        this.clock = clock;
        this.keys = new RedisKeys(options.getKeyPrefix());
        this.registry = new QueueRegistry(redis, keys, scripts.registerQueues, options.getMaxQueues(), clock);
        this.lister = new TaskLister(redis, keys, scripts.list, scripts.listReady, registry);
        this.deadLetters = new DeadLetters(redis, scripts.retryDead, scripts.deleteDead, clock);
    }

    @Override
    public Future<Void> init() {
        return checkVersion().compose(v -> scripts.registerAll(redis));
    }

    /** Fails on a Redis too old for the scripts, with a message that says so, rather than at the first claim. */
    private Future<Void> checkVersion() {
        return redis.send(Request.cmd(Command.INFO).arg("server")).transform(info -> {
            String version = info.succeeded() && info.result() != null ? RedisVersion.in(info.result().toString())
                    : null;
            if (version != null && !RedisVersion.supported(version)) {
                return Future.failedFuture(new IllegalStateException("Taskrail needs Redis " + RedisVersion.MINIMUM
                        + " or later; the server is Redis " + version));
            }
            // A server that hides INFO (a managed Redis, a renamed command) is given the benefit of the doubt.
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<EnqueueResult> enqueue(NewTask task) {
        return coalescer.enqueue(task);
    }

    @Override
    public Future<List<EnqueueResult>> enqueueAll(List<NewTask> tasks) {
        if (tasks.size() > MAX_BATCH) {
            return Future.failedFuture(new IllegalArgumentException("a batch holds at most " + MAX_BATCH + " tasks"));
        }
        if (tasks.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        long now = clock.millis();
        Map<String, Integer> queueIndex = new LinkedHashMap<>();
        Map<String, Integer> perQueue = new HashMap<>();
        for (NewTask task : tasks) {
            queueIndex.putIfAbsent(task.queue(), queueIndex.size() + 1);
            perQueue.merge(task.queue(), 1, Integer::sum);
        }
        List<String> k = new ArrayList<>(queueIndex.size() * 4);
        List<String> a = new ArrayList<>(2 + queueIndex.size() * 5 + tasks.size() * 9);
        a.add(Long.toString(now));
        a.add(Integer.toString(queueIndex.size()));
        for (String queue : queueIndex.keySet()) {
            QueueKeys q = keys.queue(queue);
            k.addAll(List.of(q.ready(), q.scheduled(), q.totals(), q.pending()));
            a.addAll(List.of(queue, q.taskPrefix(), q.idempotencyPrefix(),
                    Long.toString(options.getMaxPendingPerQueue()), Integer.toString(perQueue.get(queue))));
        }
        for (NewTask task : tasks) {
            a.add(Integer.toString(queueIndex.get(task.queue())));
            a.add(TaskIds.newId(task.queue(), now));
            a.add(task.type());
            a.add(task.payload().encode());
            a.add(Integer.toString(task.priority()));
            a.add(Integer.toString(task.maxAttempts()));
            a.add(Long.toString(task.timeoutMs()));
            a.add(Long.toString(task.runAt()));
            a.add(task.idempotencyKey() == null ? "" : task.idempotencyKey());
        }
        // The queue is registered before its first task exists, so a worker serving every queue never misses one.
        return registry.register(queueIndex.keySet())
                .compose(registered -> scripts.enqueue.run(redis, k, a))
                .compose(response -> {
                    if (response.get(0).type() == ResponseType.NUMBER
                            && response.get(0).toLong() == StoreError.QUEUE_FULL.code()) {
                        return Future.failedFuture(new QueueFullException(response.get(1).toString(),
                                response.get(2).toLong()));
                    }
                    // Flat: id, status, created for each task (see enqueue.lua).
                    List<EnqueueResult> results = new ArrayList<>(response.size() / 3);
                    for (int i = 0; i + 2 < response.size(); i += 3) {
                        TaskStatus status = TaskStatus.fromWire(response.get(i + 1).toString());
                        results.add(new EnqueueResult(response.get(i).toString(), status,
                                response.get(i + 2).toInteger() == 1));
                    }
                    return Future.succeededFuture(results);
                });
    }

    @Override
    public Future<List<Task>> claim(String queue, String workerId, int max, long leaseMs) {
        return claimMore(queue, workerId, max, leaseMs, new ArrayList<>());
    }

    /**
     * One claim call, and another for the rest when the script skipped so many cancelled tasks' entries that it
     * stopped early ('more'): fewer tasks than asked then still means none are ready, as the worker assumes. When a
     * further call fails, the tasks already leased are answered, not lost to the reaper with an attempt counted.
     */
    private Future<List<Task>> claimMore(String queue, String workerId, int max, long leaseMs, List<Task> claimed) {
        QueueKeys q = keys.queue(queue);
        long now = clock.millis();
        int wanted = max - claimed.size();
        Future<List<Task>> call = scripts.claim.run(redis,
                        List.of(q.ready(), q.scheduled(), q.processing(), q.seq(), q.pending(), q.dead(), q.totals()),
                        List.of(q.taskPrefix(), Long.toString(now), Integer.toString(wanted), Long.toString(leaseMs),
                                workerId, Integer.toString(PROMOTE_ON_CLAIM), q.idempotencyPrefix(),
                                Long.toString(options.getDeadRetentionMs())))
                .compose(response -> {
                    boolean more = addClaimed(response, now, workerId, now + leaseMs, claimed);
                    return more && claimed.size() < max ? claimMore(queue, workerId, max, leaseMs, claimed)
                            : Future.succeededFuture(claimed);
                });
        return claimed.isEmpty() ? call : call.recover(failed -> Future.succeededFuture(claimed));
    }

    /**
     * Adds the tasks of a claim's reply to {@code claimed}; returns whether the reply carried a marker (claim.lua ends
     * it with 'more' when another call should follow). A claimed task that does not decode (stored data gone wrong)
     * is left under its lease, to come back through the reaper with an attempt counted until it is dead; the others
     * of the batch are answered, not held up with it.
     */
    private static boolean addClaimed(Response reply, long now, String workerId, long leaseUntil,
            List<Task> claimed) {
        SizedEntries tasks = new SizedEntries(reply, 0);
        while (tasks.next()) {
            try {
                claimed.add(TaskHash.decodeClaimed(reply, tasks.from(), tasks.count(), now, workerId, leaseUntil));
            } catch (RuntimeException unreadable) {
                logUnreadable(reply, tasks.from(), tasks.count(), unreadable);
            }
        }
        return tasks.sawMarker();
    }

    private static void logUnreadable(Response reply, int from, int length, RuntimeException unreadable) {
        StringBuilder values = new StringBuilder();
        for (int i = from; i < Math.min(from + length, reply.size()); i++) {
            values.append(i == from ? "" : ", ").append(reply.get(i));
        }
        String task = values.toString();
        log.error("a claimed task cannot be read; left to its lease: [{}]",
                task.substring(0, Math.min(200, task.length())), unreadable);
    }

    @Override
    public Future<Void> ack(String taskId, long leaseToken, JsonObject result) {
        return ackAll(List.of(new Completion(taskId, leaseToken, result))).compose(outcomes -> {
            AckOutcome outcome = outcomes.get(0);
            return outcome.acked() ? Future.succeededFuture()
                    : Future.failedFuture(new TaskStateException(outcome.error(), taskId, null));
        });
    }

    @Override
    public Future<List<AckOutcome>> ackAll(List<Completion> completions) {
        Map<String, List<Completion>> byQueue = new LinkedHashMap<>();
        Map<String, AckOutcome> byId = new HashMap<>();
        for (Completion c : completions) {
            String queue = TaskIds.queueOf(c.taskId());
            if (queue == null) {
                byId.put(c.taskId(), new AckOutcome(c.taskId(), StoreError.NOT_FOUND));
            } else {
                byQueue.computeIfAbsent(queue, name -> new ArrayList<>()).add(c);
            }
        }
        String now = now();
        List<Future<List<AckOutcome>>> perQueue = new ArrayList<>(byQueue.size());
        byQueue.forEach((queue, batch) -> {
            QueueKeys q = keys.queue(queue);
            List<String> a = new ArrayList<>(4 + batch.size() * 3);
            a.addAll(List.of(q.taskPrefix(), q.idempotencyPrefix(), now, Long.toString(options.getRetentionMs())));
            for (Completion c : batch) {
                a.add(c.taskId());
                a.add(Long.toString(c.leaseToken()));
                a.add(c.result() == null ? "" : c.result().encode());
            }
            perQueue.add(scripts.ack.run(redis, List.of(q.processing(), q.completed(), q.totals(), q.pending()), a)
                    .map(codes -> {
                        List<AckOutcome> outcomes = new ArrayList<>(batch.size());
                        for (int i = 0; i < batch.size(); i++) {
                            long code = codes.get(i).toLong();
                            outcomes.add(new AckOutcome(batch.get(i).taskId(),
                                    code == 1 ? null : StoreError.fromCode(code)));
                        }
                        return outcomes;
                    }));
        });
        return Future.all(perQueue).map(all -> {
            for (int i = 0; i < perQueue.size(); i++) {
                for (AckOutcome outcome : all.<List<AckOutcome>>resultAt(i)) {
                    byId.put(outcome.taskId(), outcome);
                }
            }
            return completions.stream().map(c -> byId.get(c.taskId())).toList();
        });
    }

    @Override
    public Future<TaskStatus> fail(String taskId, long leaseToken, String error, boolean retryable) {
        Backoff b = options.getBackoff();
        double draw = b.jitter() * ThreadLocalRandom.current().nextDouble();
        return inQueueOf(taskId, q -> scripts.fail.run(redis,
                        List.of(q.processing(), q.scheduled(), q.dead(), q.totals(), q.pending()),
                        List.of(q.taskPrefix(), q.idempotencyPrefix(), now(), taskId, Long.toString(leaseToken),
                                error == null ? "" : error, Long.toString(b.baseMs()), Double.toString(b.factor()),
                                Long.toString(b.capMs()), Double.toString(draw), retryable ? "1" : "0",
                                Long.toString(options.getDeadRetentionMs())))
                .compose(r -> switch (r.get(0).toInteger()) {
                    case 1 -> Future.succeededFuture(TaskStatus.SCHEDULED);
                    case 2 -> Future.succeededFuture(TaskStatus.DEAD);
                    default -> refused(r.get(0).toLong(), taskId, null);
                }));
    }

    @Override
    public Future<Long> extend(String taskId, long leaseToken, long leaseMs) {
        return inQueueOf(taskId, q -> scripts.extend.run(redis, List.of(q.processing(), q.pending()),
                        List.of(q.taskPrefix(), taskId, Long.toString(leaseToken), now(), Long.toString(leaseMs)))
                .compose(r -> r.toLong() > 0 ? Future.succeededFuture(r.toLong()) : refused(r.toLong(), taskId, null)));
    }

    @Override
    public Future<Void> release(String taskId, long leaseToken) {
        return inQueueOf(taskId, q -> scripts.release.run(redis, List.of(q.processing(), q.ready(), q.pending()),
                        List.of(q.taskPrefix(), taskId, Long.toString(leaseToken)))
                .compose(r -> done(r.toLong(), taskId)));
    }

    @Override
    public Future<Void> cancel(String taskId) {
        return inQueueOf(taskId, q -> scripts.cancel.run(redis,
                        List.of(q.ready(), q.scheduled(), q.cancelled(), q.totals(), q.pending()),
                        List.of(q.taskPrefix(), q.idempotencyPrefix(), taskId, now(),
                                Long.toString(options.getRetentionMs())))
                .compose(r -> r.get(0).toLong() == 1 ? Future.<Void>succeededFuture()
                        : refused(r.get(0).toLong(), taskId,
                                r.size() > 1 ? TaskStatus.fromWire(r.get(1).toString()) : null)));
    }

    @Override
    public Future<List<Reaped>> reap(String queue, int limit) {
        QueueKeys q = keys.queue(queue);
        return scripts.reap.run(redis, List.of(q.processing(), q.ready(), q.dead(), q.totals()),
                        List.of(q.taskPrefix(), q.idempotencyPrefix(), now(), Integer.toString(limit),
                                Long.toString(options.getDeadRetentionMs())))
                .map(r -> {
                    List<Reaped> reaped = new ArrayList<>(r.size() / 3);
                    for (int i = 0; i + 2 < r.size(); i += 3) {
                        reaped.add(new Reaped(r.get(i).toString(), TaskStatus.fromWire(r.get(i + 1).toString()),
                                r.get(i + 2).toString()));
                    }
                    return reaped;
                });
    }

    @Override
    public Future<Integer> promote(String queue, int limit) {
        QueueKeys q = keys.queue(queue);
        return scripts.promote.run(redis, List.of(q.scheduled(), q.ready()),
                List.of(q.taskPrefix(), now(), Integer.toString(limit))).map(Response::toInteger);
    }

    @Override
    public Future<Task> get(String taskId) {
        if (TaskIds.queueOf(taskId) == null) {
            return Future.succeededFuture(null);
        }
        QueueKeys q = keys.queue(TaskIds.queueOf(taskId));
        return scripts.get.run(redis, List.of(q.task(taskId), q.pending()), List.of(taskId)).map(TaskHash::decode);
    }

    @Override
    public Future<TaskPage> list(TaskQuery query) {
        return lister.list(query);
    }

    @Override
    public Future<Void> retryDead(String taskId) {
        return inQueueOf(taskId, q -> deadLetters.retry(q, taskId).compose(code -> done(code, taskId)));
    }

    @Override
    public Future<Long> retryAllDead(String queue) {
        return deadLetters.retryAll(keys.queue(queue));
    }

    @Override
    public Future<Void> deleteDead(String taskId) {
        return inQueueOf(taskId, q -> deadLetters.delete(q, taskId).compose(code -> done(code, taskId)));
    }

    @Override
    public Future<Long> purgeDead(String queue) {
        return deadLetters.deleteAll(keys.queue(queue));
    }

    @Override
    public Future<QueueStats> stats(String queue) {
        QueueKeys q = keys.queue(queue);
        return scripts.stats.run(redis,
                        List.of(q.ready(), q.scheduled(), q.processing(), q.completed(), q.dead(), q.cancelled(),
                                q.totals()),
                        List.of(now(), Long.toString(options.getRetentionMs()),
                                Long.toString(options.getDeadRetentionMs())))
                .map(r -> {
                    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
                    TaskStatus[] order = {TaskStatus.PENDING, TaskStatus.SCHEDULED, TaskStatus.PROCESSING,
                            TaskStatus.COMPLETED, TaskStatus.DEAD, TaskStatus.CANCELLED};
                    for (int i = 0; i < order.length; i++) {
                        counts.put(order[i], r.get(i).toLong());
                    }
                    Map<String, Long> totals = new LinkedHashMap<>();
                    Arrays.stream(QueueStats.TOTALS).forEach(name -> totals.put(name, 0L));
                    Response flat = r.get(order.length);
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        totals.put(flat.get(i).toString(), flat.get(i + 1).toLong());
                    }
                    return new QueueStats(queue, counts, totals);
                });
    }

    @Override
    public Future<List<String>> queues() {
        return registry.all();
    }

    /** Succeeds on code 1; fails with the refusal a negative code stands for. */
    private static Future<Void> done(long code, String taskId) {
        return code == 1 ? Future.succeededFuture() : refused(code, taskId, null);
    }

    private static <T> Future<T> refused(long code, String taskId, TaskStatus status) {
        return Future.failedFuture(new TaskStateException(StoreError.fromCode(code), taskId, status));
    }

    /** Runs {@code action} with the keys of the task's queue; a malformed id is simply not found. */
    private <T> Future<T> inQueueOf(String taskId, Function<QueueKeys, Future<T>> action) {
        String queue = TaskIds.queueOf(taskId);
        return queue == null ? refused(StoreError.NOT_FOUND.code(), taskId, null) : action.apply(keys.queue(queue));
    }

    private String now() {
        return Long.toString(clock.millis());
    }

}
