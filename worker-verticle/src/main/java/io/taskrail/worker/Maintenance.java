package io.taskrail.worker;

import io.taskrail.Reaped;
import io.taskrail.TaskIds;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.boot.BoundedFanout;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The safety-net tick, about once a second: refresh the queue list, make due scheduled tasks ready, take back
 * expired leases (a crashed worker's tasks), then wake the claimer in case a notice was missed. Every worker runs it;
 * the scripts are idempotent, so they may all run at once. Per tick it costs one SMEMBERS (when serving every
 * queue) and, per queue, a promote and a reap script, plus the claim round the wake-up starts if slots are free.
 */
final class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    private static final int BATCH = 1_000;

    private final TaskStore store;
    private final Queues queues;
    private final Claimer claimer;
    private final Events events;
    private final Context context;
    private final long timeoutMs;
    private boolean running;

    Maintenance(Context context, TaskStore store, Queues queues, Claimer claimer, Events events, long timeoutMs) {
        this.context = context;
        this.store = store;
        this.timeoutMs = timeoutMs;
        this.queues = queues;
        this.claimer = claimer;
        this.events = events;
    }

    /**
     * One tick; a tick that finds the previous one still running is skipped. The queues are tended a few at a time
     * (thousands of queues at once would fill the Redis client's queue of waiting calls, claims' included). The
     * claimer is woken when the tick is done or after the Redis timeout, whichever comes first; the next tick waits
     * for this one's calls to end, so that slow ticks do not pile up.
     */
    void tick() {
        if (running) {
            return;
        }
        running = true;
        Future<List<Void>> work = queues.refresh()
                .compose(v -> BoundedFanout.map(queues.current(), this::tendOrLog));
        // Back on the worker's context before touching its state: the chain can start from a future of no context
        // (the queues are configured, so there is nothing to read), and then the timeout fires on a Netty thread of
        // its own, which would start a claim round off the worker's event loop.
        work.onComplete(ar -> context.runOnContext(v -> running = false));
        work.timeout(timeoutMs, TimeUnit.MILLISECONDS).onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                log.debug("maintenance tick failed: {}", ar.cause().toString());
            }
            claimer.wake();
        }));
    }

    /**
     * One queue's failure (Redis timing out on it, say) must not keep the others from being tended, and a call that
     * never answers must not hold the ticks up for good: each queue gets the Redis timeout.
     */
    private Future<Void> tendOrLog(String queue) {
        return tend(queue).timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(e -> {
            log.debug("maintenance of queue {} failed: {}", queue, e.toString());
            return Future.succeededFuture();
        });
    }

    private Future<Void> tend(String queue) {
        return store.promote(queue, BATCH).compose(promoted -> store.reap(queue, BATCH)).map(reaped -> {
            report(reaped);
            return null;
        });
    }

    private void report(List<Reaped> reaped) {
        for (Reaped r : reaped) {
            log.info("lease of task {} expired; it is now {}", r.taskId(), r.status().wireName());
            events.reaped(r.taskId(), r.type(), TaskIds.queueOf(r.taskId()), r.status() == TaskStatus.DEAD);
        }
    }
}
