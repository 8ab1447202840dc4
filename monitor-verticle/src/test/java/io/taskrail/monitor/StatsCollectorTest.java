package io.taskrail.monitor;

import io.taskrail.TaskStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsCollectorTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void readsThatTimeOutAreJoinedByTheNextTickNotStartedAgain() {
        // With Redis slow, every tick timed out and started another read of every queue while the last went on:
        // reads piled up. The store here answers the queue list at once and never answers a queue's stats.
        AtomicInteger statsCalls = new AtomicInteger();
        TaskStore store = (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(),
                new Class<?>[] {TaskStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "queues" -> Future.succeededFuture(List.of("a", "b", "c"));
                    case "stats" -> {
                        statsCalls.incrementAndGet();
                        yield Promise.promise().future();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        StatsCollector stats = new StatsCollector(store, 50, MonitorMetrics.create(() -> 0));
        Context context = vertx.getOrCreateContext();

        for (int tick = 0; tick < 3; tick++) {
            Future<Object> refreshed = Future.future(p -> context.runOnContext(v ->
                    stats.refresh().onComplete(ar -> p.handle(ar.map(f -> (Object) f)))));
            assertThrows(Exception.class, refreshed::await, "tick " + tick + " times out");
        }

        assertEquals(3, statsCalls.get(), "one read of the 3 queues, joined by the later ticks");
    }
}
