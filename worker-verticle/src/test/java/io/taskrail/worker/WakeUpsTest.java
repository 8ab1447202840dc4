package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.TaskStatus;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.WakeNotice;
import io.taskrail.testing.CommandStats;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A notice wakes as many idle workers as its tasks need, not all of them. The safety tick is a minute away, so only
 * notices can start these tasks in time; tasks that hold their slot for 3 s keep a worker from taking more.
 */
class WakeUpsTest extends WorkerFixture {

    @Override
    protected JsonObject config() {
        return super.config().put("TICK_MS", "60000").put("HEARTBEAT_MS", "10000");
    }

    @BeforeEach
    void resetCommandStats() {
        redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).await();
    }

    @Test
    void aNoticeForOneTaskWakesOneOfTheIdleWorkersNotAll() {
        deployIdleWorkers(5, "default", 10, 5);
        long before = claims();
        int tasks = 50;
        for (int i = 0; i < tasks; i++) {
            String id = submit(NewTask.of("echo", new JsonObject()));
            awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(5));
        }
        // One claim per task; every idle worker claiming on every notice would be 5 a task.
        long claims = claims() - before;
        assertTrue(claims >= tasks && claims < tasks * 3 / 2, claims + " claims for " + tasks + " tasks");
    }

    @Test
    void whatAWorkersSlotsCannotTakeIsPassedToAnother() {
        deployIdleWorkers(3, "default", 5, 3);
        store.enqueueAll(holdingTasks(8, "default")).await();
        notices.send("default", 8);

        // 5 fit the worker told; the other 3 only if it passed them on.
        awaitClaimed(8, Duration.ofSeconds(2));
    }

    @Test
    void aBacklogForSeveralWorkersWakesEveryWorker() {
        deployIdleWorkers(4, "default", 5, 4);
        store.enqueueAll(holdingTasks(20, "default")).await();
        notices.send("default", 20);

        awaitClaimed(20, Duration.ofSeconds(2));
    }

    @Test
    void aNoticeWhoseTasksLostTheSlotsToAnEarlierQueueIsPassedOn() {
        // Asked first, queue "a" takes all of the first worker's slots: its notice for "b" must reach the second.
        deployWorker(new JsonObject().put("WORKER_QUEUES", "a,b").put("WORKER_CONCURRENCY", "5"));
        deployWorker(new JsonObject().put("WORKER_QUEUES", "b").put("WORKER_CONCURRENCY", "5"));
        awaitClaims(3);
        store.enqueueAll(holdingTasks(5, "a")).await();

        // The event bus picks the two workers of "b" in turn: one of these two notices reaches the first worker.
        for (int i = 1; i <= 2; i++) {
            String id = store.enqueue(NewTask.of("echo", new JsonObject()).withQueue("b")).await().taskId();
            notices.send("b", 1);
            awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(2));
        }
        awaitClaimed(7, Duration.ofSeconds(2));
    }

    @Test
    void tasksAStoppingWorkerReleasesAreAnnouncedToTheOthers() {
        String stopping = deployWorker(new JsonObject().put("WORKER_QUEUES", "default").put("WORKER_CONCURRENCY", "1")
                .put("SHUTDOWN_GRACE_MS", "100"));
        awaitClaims(1);
        String id = submit(simulate(new JsonObject().put("ms", 3_000)));
        awaitClaimed(1, Duration.ofSeconds(2));
        deployIdleWorkers(1, "default", 1, 3);

        vertx.undeploy(stopping).await();
        // Released after the grace period, not run to its end; the other worker hears of it, not at its tick.
        Poll.until(Duration.ofSeconds(2), "the released task claimed again", () -> eventsOf(id).stream()
                .filter("claimed"::equals).count() == 2);
    }

    @Test
    void aNoticeTheWorkerPickedDoesNotAnswerGoesToEveryWorkerAfterTheReplyTimeout() {
        // The picked "worker" swallows the notice without answering, as one that died unnoticed would.
        vertx.eventBus().consumer(Addresses.wake("silent"), notice -> { }).completion().await();
        String early = store.enqueue(NewTask.of("echo", new JsonObject())).await().taskId();
        deployWorker(new JsonObject());
        // Its start-up tick took the unannounced task, so that tick is over; the next is a minute away.
        awaitStatus(early, TaskStatus.COMPLETED, Duration.ofSeconds(5));

        long sent = System.nanoTime();
        String id = store.enqueue(NewTask.of("echo", new JsonObject()).withQueue("silent")).await().taskId();
        notices.send("silent", 1);
        awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(5));
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(tookMs >= WakeNotice.REPLY_TIMEOUT_MS - 50, "started after " + tookMs + " ms");
    }

    /**
     * Deploys workers serving {@code queue} and waits for their start-up ticks' claims (one each), after which they
     * claim only when told.
     */
    private void deployIdleWorkers(int workers, String queue, int slots, int startUpClaims) {
        for (int w = 0; w < workers; w++) {
            deployWorker(new JsonObject().put("WORKER_QUEUES", queue).put("WORKER_CONCURRENCY", Integer.toString(slots)));
        }
        awaitClaims(startUpClaims);
    }

    private static List<NewTask> holdingTasks(int n, String queue) {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(simulate(new JsonObject().put("ms", 3_000)).withQueue(queue));
        }
        return tasks;
    }

    private void awaitClaimed(int tasks, Duration within) {
        Poll.until(within, tasks + " tasks started",
                () -> events.stream().filter(e -> "claimed".equals(e.getString("event"))).count() == tasks);
    }

    private void awaitClaims(long atLeast) {
        Poll.until(Duration.ofSeconds(5), atLeast + " start-up claims", () -> claims() >= atLeast);
    }

    /** claim.lua is the only script that reads Redis's clock: one TIME per claim call, empty ones included. */
    private long claims() {
        return CommandStats.calls(redis, "time");
    }
}
