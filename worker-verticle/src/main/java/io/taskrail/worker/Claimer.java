package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.TaskStore;
import io.taskrail.boot.LogThrottle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Claims tasks into free slots. A claim round asks the queues in order, each for as many tasks as slots are free,
 * in one script call per queue. Rounds never overlap: what frees up or is announced during a round is claimed by the
 * next, so a busy worker claims in batches. A worker whose last round left slots free has emptied its queues and
 * waits, costing Redis nothing, until a notice (see {@link WakeUps}) or the safety tick wakes it.
 * Use from the worker's context only.
 */
final class Claimer {
    private static final Logger log = LoggerFactory.getLogger(Claimer.class);

    private final TaskStore store;
    private final Queues queues;
    private final String workerId;
    private final int concurrency;
    private final long leaseMs;
    private final Consumer<Task> dispatch;
    private final Release release;
    private final long timeoutMs;
    private Promise<Void> roundOver;
    private int inFlight;
    private boolean claiming;
    private boolean wakeAgain;
    private boolean mayHaveMore;
    private boolean stopped;
    private final LogThrottle claimFailureLog = new LogThrottle(10_000);
    /**
     * This round's claims, kept only when the listener asked: per queue, what it took ({@link #DRAINED} when it came
     * back short).
     */
    private final Map<String, Integer> took = new HashMap<>();
    private boolean recording;
    private RoundListener listener = new RoundListener() {
        @Override
        public boolean starting() {
            return false;
        }

        @Override
        public void ended(Map<String, Integer> took) {
        }
    };

    /** Marks a queue whose claim took fewer tasks than it asked for: nothing was left in it. */
    static final int DRAINED = -1;

    /** Hears each claim round start and end (see {@link WakeUps}, which passes on what a round did not take). */
    interface RoundListener {
        /**
         * A round is about to ask the queues: what it finds answers for what was ready before now. Returns whether
         * {@link #ended} needs to know what each queue's claim took (else its map is empty).
         */
        boolean starting();

        /**
         * The round is over: per queue whose claim answered, the tasks it took, or {@link #DRAINED} if it came back
         * short. A queue is absent when it was not asked (the slots ran out first) or its claim failed or answered
         * after the worker began to stop. The map is only valid during the call.
         */
        void ended(Map<String, Integer> took);
    }

    /** Gives claimed tasks back to ready; {@code announce} tells a worker of their queue. */
    interface Release {
        Future<Void> release(List<Task> tasks, boolean announce);
    }

    Claimer(TaskStore store, Queues queues, String workerId, WorkerConfig config, Consumer<Task> dispatch,
            Release release) {
        this.store = store;
        this.release = release;
        this.timeoutMs = config.redisTimeoutMs();
        this.queues = queues;
        this.workerId = workerId;
        this.concurrency = config.concurrency();
        this.leaseMs = config.leaseMs();
        this.dispatch = dispatch;
    }

    void listen(RoundListener listener) {
        this.listener = listener;
    }

    /** There may be work: claim now if slots are free, or as soon as the current round ends. */
    void wake() {
        if (stopped) {
            return;
        }
        if (claiming) {
            wakeAgain = true;
            return;
        }
        if (inFlight >= concurrency) {
            mayHaveMore = true;
            return;
        }
        round();
    }

    /**
     * True when every slot runs a task, or the claimer has stopped: a wake-up then starts no round until a slot frees
     * up, so a worker passes a notice on at once (see {@link WakeUps}).
     */
    boolean full() {
        return stopped || inFlight >= concurrency;
    }

    /** A task finished: its slot is free. */
    void slotFreed() {
        inFlight--;
        if (mayHaveMore) {
            wake();
        }
    }

    /**
     * Stops claiming for good (shutdown, step 1). Completes when no claim is in flight; tasks a claim brings back
     * after this are released at once, never run.
     */
    Future<Void> stop() {
        stopped = true;
        if (!claiming) {
            return Future.succeededFuture();
        }
        roundOver = Promise.promise();
        return roundOver.future();
    }

    private void round() {
        claiming = true;
        wakeAgain = false;
        mayHaveMore = false;
        if (recording) {
            took.clear();
        }
        recording = listener.starting();
        claimFrom(queues.current(), 0);
    }

    private void claimFrom(List<String> order, int index) {
        int free = concurrency - inFlight;
        if (index >= order.size() || free <= 0 || stopped) {
            endRound(free <= 0);
            return;
        }
        Future<List<Task>> claim = store.claim(order.get(index), workerId, free, leaseMs);
        claim.timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        logClaimFailure(ar.cause());
                        // A claim that answers after its timeout still took tasks: give them back, not to the reaper.
                        // Unannounced: Redis is slow, and a notice would only start another claim that times out.
                        claim.onSuccess(late -> release.release(late, false));
                        // The other queues still get their turn: a queue whose claims keep failing must not starve
                        // the ones after it.
                        claimFrom(order, index + 1);
                        return;
                    }
                    List<Task> claimed = ar.result();
                    if (stopped) {
                        release.release(claimed, true).onComplete(v -> endRound(false));
                        return;
                    }
                    inFlight += claimed.size();
                    // A queue that filled every free slot may hold more.
                    if (claimed.size() == free) {
                        mayHaveMore = true;
                    }
                    if (recording) {
                        took.put(order.get(index), claimed.size() < free ? DRAINED : claimed.size());
                    }
                    claimed.forEach(dispatch);
                    claimFrom(order, index + 1);
                });
    }

    private void endRound(boolean full) {
        claiming = false;
        listener.ended(took);
        if (roundOver != null) {
            roundOver.tryComplete();
        }
        if (full) {
            mayHaveMore = true;
        }
        // A slot that freed up while a claim that filled every slot asked was in flight: claim for it now, not at the
        // next slot freed.
        if (wakeAgain || (mayHaveMore && inFlight < concurrency)) {
            wake();
        }
    }

    private void logClaimFailure(Throwable e) {
        long suppressed = claimFailureLog.suppressedSinceLast();
        if (suppressed >= 0) {
            log.warn("claim failed ({}); the next tick tries again ({} more failures since the last report)",
                    e.toString(), suppressed);
        }
    }
}
