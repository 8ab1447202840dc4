package io.taskrail.store;

import io.taskrail.StoreOptions;
import io.taskrail.WorkerInfo;
import io.taskrail.WorkerRegistry;
import io.taskrail.testing.StoreFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkerRegistryTest extends StoreFixture {
    private WorkerRegistry registry;

    @BeforeEach
    void createRegistry() {
        registry = WorkerRegistry.create(redis, new StoreOptions(), clock);
    }

    @Test
    void liveWorkersAreListedWithTheirCountersUntilTheyGoSilentOrLeave() {
        long t0 = clock.millis();
        registry.heartbeat(worker("w-a", 3, 10)).await();
        registry.heartbeat(worker("w-b", 0, 0)).await();

        List<WorkerInfo> live = registry.live().await();
        assertEquals(List.of("w-a", "w-b"), live.stream().map(WorkerInfo::id).toList());
        WorkerInfo a = live.get(0);
        assertEquals(List.of("email", "default"), a.queues());
        assertEquals(3, a.inFlight());
        assertEquals(10, a.processed());
        assertEquals(t0, a.lastHeartbeat());

        clock.advance(WorkerRegistry.TTL_MS - 1_000);
        registry.heartbeat(worker("w-a", 1, 12)).await();
        clock.advance(2_000);
        assertEquals(List.of("w-a"), registry.live().await().stream().map(WorkerInfo::id).toList(),
                "w-b stopped heartbeating");
        assertEquals(12, registry.live().await().get(0).processed());

        registry.deregister("w-a").await();
        assertEquals(List.of(), registry.live().await());
    }

    private WorkerInfo worker(String id, int inFlight, long processed) {
        return new WorkerInfo(id, "host-1", 4242, List.of("email", "default"), 16, inFlight, processed, 1,
                clock.millis() - 5_000, 0);
    }
}
