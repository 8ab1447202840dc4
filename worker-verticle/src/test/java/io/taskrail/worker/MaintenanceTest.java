package io.taskrail.worker;

import io.taskrail.TaskStore;
import io.taskrail.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MaintenanceTest extends WorkerFixture {

    @Test
    void aTickThatTimesOutWakesTheClaimerOnTheWorkersOwnContext() {
        // With configured queues the tick's chain starts from a future of no context; its timeout then fired on a
        // Netty thread of its own, and the claim round it started ran (and changed the worker's counters) off the
        // worker's event loop. The store here is the real one, except that promote never answers, as when Redis is
        // cut off; each claim notes the context it was called on.
        List<Optional<Context>> claimedOn = new CopyOnWriteArrayList<>();
        TaskStore store = storeWhere(claimedOn);
        WorkerConfig config = WorkerConfig.from(config().put("WORKER_QUEUES", "default"));
        Context worker = vertx.getOrCreateContext();
        worker.runOnContext(v -> {
            Queues queues = new Queues(config.queues(), store);
            Claimer claimer = new Claimer(store, queues, "w", config, task -> { },
                    (tasks, announce) -> Future.succeededFuture());
            Events events = new Events(vertx.eventBus(), worker, "w");
            new Maintenance(worker, store, queues, claimer, events, 50).tick();
        });

        Poll.until(Duration.ofSeconds(5), "the tick times out and wakes the claimer", () -> !claimedOn.isEmpty());
        assertEquals(Optional.of(worker), claimedOn.get(0));
    }

    /** The fixture's store, with promote held forever and claim noting the (unwrapped) context it runs on. */
    private TaskStore storeWhere(List<Optional<Context>> claimedOn) {
        return (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "promote":
                            return Promise.promise().future();
                        case "claim":
                            ContextInternal current = (ContextInternal) Vertx.currentContext();
                            claimedOn.add(Optional.ofNullable(current == null ? null : current.unwrap()));
                            return Future.succeededFuture(List.of());
                        default:
                            try {
                                return method.invoke(this.store, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }
}
