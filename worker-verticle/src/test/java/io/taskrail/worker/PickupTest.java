package io.taskrail.worker;

import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pickup is driven by the notice: with the safety tick a minute away, an idle worker still starts at once. */
class PickupTest extends WorkerFixture {

    @Override
    protected JsonObject config() {
        return super.config().put("TICK_MS", "60000");
    }

    @Test
    void anIdleWorkerStartsAnAnnouncedTaskWithinMilliseconds() {
        deployIdleWorker();
        long[] latenciesMs = new long[20];
        for (int i = 0; i < latenciesMs.length; i++) {
            long start = System.nanoTime();
            String id = submit(simulate(new JsonObject()));
            Poll.until(Duration.ofSeconds(2), "task " + i + " claimed", () -> eventsOf(id).contains("claimed"));
            latenciesMs[i] = (System.nanoTime() - start) / 1_000_000;
        }
        java.util.Arrays.sort(latenciesMs);
        long median = latenciesMs[latenciesMs.length / 2];
        System.out.println("enqueue -> claimed, ms (sorted): " + java.util.Arrays.toString(latenciesMs));
        // Loose bound: without the notice this would wait for the 60 s tick.
        assertTrue(median < 50, "median pickup " + median + " ms");
    }

    @Test
    void withoutANoticeAnIdleWorkerLeavesRedisAlone() {
        deployIdleWorker();
        String id = store.enqueue(io.taskrail.NewTask.of("echo", new JsonObject())).await().taskId();
        long until = System.currentTimeMillis() + 500;
        Poll.until(Duration.ofSeconds(1), "half a second passes", () -> System.currentTimeMillis() >= until);
        assertEquals(io.taskrail.TaskStatus.PENDING, store.get(id).await().status(), "no polling picked it up");
    }

    /**
     * Deploys a worker and waits until it is idle: a task stored before the worker starts, with no notice, can only
     * be picked up by the worker's start-up tick, so once it has completed that tick is over (the next is a minute
     * away). Waiting for an announced task instead left the start-up tick free to end later and claim the next task.
     */
    private void deployIdleWorker() {
        String early = store.enqueue(io.taskrail.NewTask.of("echo", new JsonObject())).await().taskId();
        deployWorker(new JsonObject());
        awaitStatus(early, io.taskrail.TaskStatus.COMPLETED, Duration.ofSeconds(5));
    }
}
