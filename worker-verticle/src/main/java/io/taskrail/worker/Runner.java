package io.taskrail.worker;

import io.taskrail.Completion;
import io.taskrail.StoreError;
import io.taskrail.Task;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.bus.WakeNotice;
import io.taskrail.handler.NonRetryableException;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs claimed tasks, one attempt each:
 * <ol>
 *   <li>find the handler for the type (none: fail the attempt, so the task retries on a worker that has one);</li>
 *   <li>call the handler, on a worker thread if it blocks, with the attempt's timeout running: armed before a
 *   blocking handler's call, and after a non-blocking one's only if its future is still pending (counting the time
 *   the call took); the lease is renewed every third of its length while it runs (one sweep for all running tasks,
 *   not a timer each);</li>
 *   <li>store the outcome: ack the result, or fail with the error (retry with backoff, or dead);</li>
 *   <li>publish each step on {@code tasks:events}.</li>
 * </ol>
 * The slot is given back when the handler is done; the outcome is written while the next task starts. Use from the
 * worker's context only.
 */
final class Runner {
    private static final Logger log = LoggerFactory.getLogger(Runner.class);
    /**
     * An outcome write that fails (Redis unreachable, a timeout) is tried again, with pauses growing to
     * {@value #WRITE_PAUSE_MAX_MS} ms, until the lease it was claimed under would be over, and at least this many
     * times: the outcome of a finished task is worth the wait, and while the lease holds nobody else runs it.
     */
    private static final int WRITE_ATTEMPTS = 5;
    private static final long WRITE_PAUSE_MAX_MS = 2_000;

    private final Vertx vertx;
    private final Context context;
    private final WorkerExecutor blockingPool;
    private final TaskStore store;
    private final Handlers handlers;
    private final AckBatcher acks;
    private final Events events;
    private final WorkerConfig config;
    private final String workerId;
    private final Runnable slotFreed;
    /** Announces the tasks a stopping worker gives back. */
    private final WakeNotice notices;
    private final Map<String, Attempt> running = new LinkedHashMap<>();
    private final Set<String> unknownTypesLogged = new HashSet<>();
    private final long leaseSweep;
    private int writesInFlight;
    /** Slots whose attempt is over (timed out) while its blocking handler still holds the pool thread. */
    private int slotsHeldByOverruns;
    private Promise<Void> writesDone;
    private long processed;
    private long failed;

    Runner(Vertx vertx, Context context, TaskStore store, Handlers handlers, AckBatcher acks, Events events,
           WorkerConfig config, String workerId, Runnable slotFreed) {
        this.vertx = vertx;
        this.context = context;
        // Blocking handlers get a pool of their own, one thread per slot, so none waits for a thread while its
        // timeout runs, and a stuck one cannot starve Vert.x's shared worker pool.
        this.blockingPool = vertx.createSharedWorkerExecutor("taskrail-handlers-" + workerId, config.concurrency());
        this.store = store;
        this.handlers = handlers;
        this.acks = acks;
        this.events = events;
        this.config = config;
        this.workerId = workerId;
        this.slotFreed = slotFreed;
        this.notices = new WakeNotice(vertx.eventBus());
        // Every sixth of a lease; see renewDueLeases.
        this.leaseSweep = vertx.setPeriodic(Math.max(1, config.leaseMs() / 6), id -> renewDueLeases());
    }

    /** Starts one attempt of a claimed task. Never throws: whatever goes wrong fails the attempt. */
    void run(Task task) {
        Attempt attempt = new Attempt(task);
        running.put(task.id(), attempt);
        try {
            events.publish(Events.CLAIMED, task, 0, null);
            start(attempt);
        } catch (Throwable e) {
            finish(attempt, Future.failedFuture(e));
        }
    }

    private void start(Attempt attempt) {
        Task task = attempt.task;
        TaskHandler handler = handlers.get(task.type());
        if (handler == null) {
            if (unknownTypesLogged.add(task.type())) {
                log.warn("no handler for task type '{}' on worker {}; such tasks fail here and retry elsewhere",
                        task.type(), workerId);
            }
            finish(attempt, Future.failedFuture(new IllegalStateException(
                    "no handler for task type '" + task.type() + "' on worker " + workerId)));
            return;
        }
        long timeoutMs = task.timeoutMs() > 0 ? task.timeoutMs()
                : handler.defaultTimeoutMs() > 0 ? handler.defaultTimeoutMs() : config.defaultTimeoutMs();
        Future<JsonObject> result;
        if (handler.blocking()) {
            armTimeout(attempt, timeoutMs);
            // The slot stays taken while the pool thread is busy, even past a timeout: the pool has a thread per
            // slot, so a hung handler must not let another task wait for a thread while its own timeout runs.
            attempt.onPoolThread = true;
            Future<Future<JsonObject>> call = blockingPool.executeBlocking(() -> handler.handle(task), false);
            call.onComplete(ar -> threadReturned(attempt));
            result = call.compose(f -> f != null ? f
                    : Future.failedFuture(new IllegalStateException("handler " + task.type() + " returned null")));
        } else {
            result = handler.handle(task);
            if (result == null) {
                result = Future.failedFuture(new IllegalStateException("handler " + task.type() + " returned null"));
            }
            // A handler that answered within its call (work done in memory, a cached answer) needs no timer: one
            // set and cancelled per task cost more than such a task itself. Nothing could have fired during the
            // call anyway, as it held the event loop.
            if (!result.isComplete()) {
                armTimeout(attempt, timeoutMs);
            }
        }
        result.onComplete(attempt);
    }

    /** Fails the attempt once it has run for {@code timeoutMs}, counted from its start. */
    private void armTimeout(Attempt attempt, long timeoutMs) {
        long ranMs = (System.nanoTime() - attempt.startNanos) / 1_000_000;
        attempt.timeoutTimer = vertx.setTimer(Math.max(1, timeoutMs - ranMs), id -> finish(attempt,
                Future.failedFuture(new TimeoutException("timed out after " + timeoutMs + " ms"))));
    }

    /** Tasks running now. */
    int inFlight() {
        return running.size();
    }

    /**
     * Slots held by blocking handlers that overran their timeout and have not returned: nothing can free them but
     * the handler, so a worker whose every slot is held this way runs nothing more (see its /health).
     */
    int slotsHeldByOverruns() {
        return slotsHeldByOverruns;
    }

    long processed() {
        return processed;
    }

    long failed() {
        return failed;
    }

    /**
     * For shutdown: waits up to {@code graceMs} for running tasks to finish, then releases the rest back to ready
     * (their attempt not counted), then waits for outcome writes to land.
     */
    Future<Void> drain(long graceMs) {
        Promise<Void> drained = Promise.promise();
        long deadline = System.currentTimeMillis() + graceMs;
        awaitIdle(deadline, drained);
        return drained.future().compose(v -> releaseRemaining()).compose(v -> awaitWritesAtShutdown())
                .eventually(() -> {
                    vertx.cancelTimer(leaseSweep);
                    return blockingPool.close();
                });
    }

    private void awaitIdle(long deadline, Promise<Void> drained) {
        if (running.isEmpty() || System.currentTimeMillis() >= deadline) {
            drained.complete();
        } else {
            vertx.setTimer(Math.max(1, Math.min(20, deadline - System.currentTimeMillis())),
                    id -> awaitIdle(deadline, drained));
        }
    }

    private Future<Void> releaseRemaining() {
        List<Task> remaining = new ArrayList<>();
        for (Attempt attempt : new ArrayList<>(running.values())) {
            attempt.cancelTimeout();
            attempt.done = true;
            running.remove(attempt.task.id(), attempt);
            remaining.add(attempt.task);
        }
        return release(remaining, true);
    }

    /**
     * Gives claimed tasks back to ready untouched (see {@link #release(Task)}). With {@code announce}, a worker of
     * each queue then hears of those released, as a stopping worker's tasks would otherwise wait for another
     * worker's tick. Completes when every release has answered, whether or not it succeeded.
     */
    Future<Void> release(List<Task> tasks, boolean announce) {
        if (tasks.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<Void>> releases = tasks.stream().map(this::release).toList();
        return Future.join(releases).transform(ar -> {
            if (announce) {
                Map<String, Integer> released = new HashMap<>();
                for (int i = 0; i < tasks.size(); i++) {
                    if (releases.get(i).succeeded()) {
                        released.merge(tasks.get(i).queue(), 1, Integer::sum);
                    }
                }
                released.forEach(notices::send);
            }
            return Future.succeededFuture();
        });
    }

    /** Gives a claimed task back to ready untouched; a failure is logged, as its lease will bring it back anyway. */
    private Future<Void> release(Task task) {
        return store.release(task.id(), task.leaseToken()).timeout(config.redisTimeoutMs(), TimeUnit.MILLISECONDS)
                .onSuccess(v -> log.info("released task {} back to ready", task.id()))
                .onFailure(e -> log.warn("could not release task {} ({}); its lease will expire", task.id(),
                        e.toString()));
    }

    /**
     * Outcome writes are tried again until their lease would be over, which with Redis down could hold a stopping
     * worker for a whole lease: past a bound, it stops waiting and the leases decide (those tasks run again).
     */
    private Future<Void> awaitWritesAtShutdown() {
        Future<Void> writes = awaitWrites();
        if (writes.isComplete()) {
            return writes;
        }
        long boundMs = Math.max(10_000, 2 * config.redisTimeoutMs());
        // A timer of this context, so that what follows the wait runs on the worker's event loop either way.
        long timer = vertx.setTimer(boundMs, id -> {
            if (writesDone.tryComplete()) {
                log.warn("{} task outcomes not stored after {} ms of shutdown; their leases will expire and they "
                        + "will run again", writesInFlight, boundMs);
            }
        });
        return writes.andThen(ar -> vertx.cancelTimer(timer));
    }

    private Future<Void> awaitWrites() {
        if (writesInFlight == 0) {
            return Future.succeededFuture();
        }
        writesDone = Promise.promise();
        return writesDone.future();
    }

    private void finish(Attempt attempt, AsyncResult<JsonObject> outcome) {
        if (attempt.done) {
            return;
        }
        attempt.done = true;
        attempt.cancelTimeout();
        running.remove(attempt.task.id(), attempt);
        // The lease holds until then at least: renewed a third of a lease ago at most (see renewDueLeases).
        long leaseEnd = attempt.leaseRenewedNanos + config.leaseMs() * 1_000_000L;
        long runMs = (System.nanoTime() - attempt.startNanos) / 1_000_000;
        Task task = attempt.task;
        if (attempt.onPoolThread) {
            attempt.slotOwed = true;
            slotsHeldByOverruns++;
        } else {
            slotFreed.run();
        }
        if (attempt.leaseLost) {
            log.warn("task {} finished after its lease was lost; another worker owns it now", task.id());
            return;
        }
        if (outcome.succeeded() && !encodable(outcome.result())) {
            outcome = Future.failedFuture(new NonRetryableException("the handler's result is not valid JSON"));
        }
        if (outcome.succeeded()) {
            JsonObject result = outcome.result();
            // The batcher times the batch out; a timer per ack would cost more than the ack itself.
            Completion completion = new Completion(task.id(), task.leaseToken(), result);
            new OutcomeWrite<Void>(() -> acks.ack(completion), false, leaseEnd, v -> {
                processed++;
                events.publish(Events.COMPLETED, task, runMs, null);
            }).start();
        } else {
            Throwable cause = outcome.cause();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            boolean retryable = !(cause instanceof NonRetryableException);
            new OutcomeWrite<TaskStatus>(() -> store.fail(task.id(), task.leaseToken(), message, retryable), true,
                    leaseEnd, status -> {
                        failed++;
                        events.publish(Events.FAILED, task, runMs, message);
                        events.publish(status == TaskStatus.DEAD ? Events.DEAD : Events.RETRIED, task, runMs,
                                message);
                    }).start();
        }
    }

    private static boolean encodable(JsonObject result) {
        try {
            if (result != null) {
                result.encode();
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Writes an outcome, again after a pause if Redis failed to answer, until {@code leaseEnd} (System.nanoTime) and
     * at least {@value #WRITE_ATTEMPTS} times; a refused lease is final. Once stored, {@code stored} gets the answer.
     * With {@code timed}, each try gets the Redis timeout here (else the call has one of its own). The timeout fires
     * on the call's own context (Vert.x's rule), so every call here must return a future of this worker's context:
     * the store's do (the Redis client binds them to the caller's), and so do the {@link AckBatcher}'s. A try that
     * landed but whose answer was lost is harmless: the store answers a repeated ack or fail as the one that landed.
     *
     * <p>One object is each try's listener, rather than a chain of lambdas and composed futures: every link of such
     * a chain is called once per task, and the JIT compiled each link on its own with the rest of the chain inlined,
     * which a fresh worker paid for in compile time.
     */
    private final class OutcomeWrite<T> implements Handler<AsyncResult<T>> {
        private final Supplier<Future<T>> call;
        private final boolean timed;
        private final long leaseEnd;
        private final Handler<T> stored;
        private int tries;

        OutcomeWrite(Supplier<Future<T>> call, boolean timed, long leaseEnd, Handler<T> stored) {
            this.call = call;
            this.timed = timed;
            this.leaseEnd = leaseEnd;
            this.stored = stored;
        }

        void start() {
            writesInFlight++;
            tryOnce();
        }

        private void tryOnce() {
            tries++;
            Future<T> written = call.get();
            if (timed) {
                written = written.timeout(config.redisTimeoutMs(), TimeUnit.MILLISECONDS);
            }
            written.onComplete(this);
        }

        @Override
        public void handle(AsyncResult<T> ar) {
            if (ar.failed() && !(ar.cause() instanceof TaskStateException)) {
                long pauseMs = Math.min(WRITE_PAUSE_MAX_MS, 100L << Math.min(tries, 10));
                boolean leaseOver = System.nanoTime() + pauseMs * 1_000_000L >= leaseEnd;
                if (tries < WRITE_ATTEMPTS || !leaseOver) {
                    vertx.setTimer(pauseMs, id -> tryOnce());
                    return;
                }
            }
            try {
                // Counted and published before a stopping worker hears that its writes are done.
                if (ar.succeeded()) {
                    stored.handle(ar.result());
                } else if (ar.cause() instanceof TaskStateException refused
                        && refused.error() == StoreError.LEASE_LOST) {
                    log.warn("{}: result dropped, the task was taken over", refused.getMessage());
                } else {
                    log.error("could not store a task outcome; its lease will expire and it will run again",
                            ar.cause());
                }
            } finally {
                if (--writesInFlight == 0 && writesDone != null) {
                    writesDone.tryComplete();
                }
            }
        }
    }

    /** A blocking handler's pool thread is free again; give back the slot if the attempt already ended. */
    private void threadReturned(Attempt attempt) {
        attempt.onPoolThread = false;
        if (attempt.slotOwed) {
            attempt.slotOwed = false;
            slotsHeldByOverruns--;
            slotFreed.run();
        }
    }

    /**
     * Renews the leases renewed (or taken) at least a quarter of a lease ago: the heartbeat of long tasks. The sweep
     * runs every sixth of a lease, so a lease is renewed every second sweep, a third of its length, even when a
     * sweep runs a little early; a renewal that failed is tried again at the next sweep.
     */
    private void renewDueLeases() {
        long now = System.nanoTime();
        long due = config.leaseMs() * 1_000_000L / 4;
        for (Attempt attempt : running.values()) {
            if (!attempt.leaseLost && now - attempt.leaseRenewedNanos >= due) {
                renewLease(attempt, now);
            }
        }
    }

    private void renewLease(Attempt attempt, long now) {
        long previous = attempt.leaseRenewedNanos;
        attempt.leaseRenewedNanos = now;
        store.extend(attempt.task.id(), attempt.task.leaseToken(), config.leaseMs())
                .timeout(config.redisTimeoutMs(), TimeUnit.MILLISECONDS).onFailure(e -> {
            if (e instanceof TaskStateException refused && refused.error() != StoreError.NOT_FOUND) {
                // No more renewals; the timeout still frees the slot if the handler never returns.
                attempt.leaseLost = true;
                log.warn("lost the lease of task {} while running it", attempt.task.id());
            } else if (attempt.leaseRenewedNanos == now) {
                // Redis did not answer: due again at the next sweep.
                attempt.leaseRenewedNanos = previous;
            }
        });
    }

    /** One attempt in progress; it takes the handler's outcome. */
    private final class Attempt implements Handler<AsyncResult<JsonObject>> {
        final Task task;
        final long startNanos = System.nanoTime();
        long leaseRenewedNanos = startNanos;
        long timeoutTimer = -1;
        boolean done;
        boolean leaseLost;
        /** A blocking handler still holds a pool thread. */
        boolean onPoolThread;
        /** The attempt ended while its handler held a pool thread: the slot is given back when the thread is. */
        boolean slotOwed;

        Attempt(Task task) {
            this.task = task;
        }

        /** A handler's future may complete on a thread of its own: back to this worker's context first. */
        @Override
        public void handle(AsyncResult<JsonObject> outcome) {
            if (Vertx.currentContext() == context) {
                finish(this, outcome);
            } else {
                context.runOnContext(v -> finish(this, outcome));
            }
        }

        void cancelTimeout() {
            if (timeoutTimer != -1) {
                vertx.cancelTimer(timeoutTimer);
            }
        }
    }
}
