package io.taskrail.worker;

import io.taskrail.WorkerInfo;
import io.taskrail.WorkerRegistry;
import io.taskrail.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Registers the worker and refreshes it every few seconds, in Redis (for {@code GET /workers}) and on
 * {@code workers:heartbeat} (for the monitor), with its current counters. A worker that stops heartbeating drops out
 * of the registry within {@link WorkerRegistry#TTL_MS}.
 */
final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final WorkerRegistry registry;
    private final EventBus bus;
    private final Supplier<WorkerInfo> snapshot;
    private final long timeoutMs;
    private Future<Void> lastBeat = Future.succeededFuture();

    Heartbeat(WorkerRegistry registry, EventBus bus, Supplier<WorkerInfo> snapshot, long timeoutMs) {
        this.timeoutMs = timeoutMs;
        this.registry = registry;
        this.bus = bus;
        this.snapshot = snapshot;
    }

    Future<Void> beat() {
        WorkerInfo info = snapshot.get();
        bus.publish(Addresses.WORKERS_HEARTBEAT, info.toJson());
        lastBeat = registry.heartbeat(info).timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .onFailure(e -> log.debug("heartbeat not stored: {}", e.toString()));
        return lastBeat;
    }

    /** Leaves the registry, after the heartbeat in flight (if any) lands, so it cannot register the worker again. */
    Future<Void> leave(String workerId) {
        return lastBeat.transform(ar -> registry.deregister(workerId).timeout(timeoutMs, TimeUnit.MILLISECONDS));
    }
}
