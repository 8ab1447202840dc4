package io.taskrail.worker;

import io.taskrail.Reaped;
import io.taskrail.TaskIds;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
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

    /** One tick; a tick that finds the previous one still running is skipped. */
    void tick() {
        if (running) {
            return;
        }
        running = true;
        queues.refresh()
                .compose(v -> Future.join(queues.current().stream().map(this::tend).toList()))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                // Back on the worker's context before touching its state: the chain can start from a future of no
                // context (the queues are configured, so there is nothing to read), and then the timeout fires on a
                // Netty thread of its own, which would start a claim round off the worker's event loop.
                .onComplete(ar -> context.runOnContext(v -> {
                    running = false;
                    if (ar.failed()) {
                        log.debug("maintenance tick failed: {}", ar.cause().toString());
                    }
                    claimer.wake();
                }));
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
