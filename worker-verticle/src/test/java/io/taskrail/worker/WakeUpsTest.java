package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.TaskStatus;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.WakeNotice;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A notice wakes as many idle workers as its tasks need, not all of them. The safety tick is a minute away, so only
 * notices can start these tasks in time.
 */
class WakeUpsTest extends WorkerFixture {

    @Override
    protected JsonObject config() {
        return super.config().put("TICK_MS", "60000").put("HEARTBEAT_MS", "10000");
    }

    @Test
    void aNoticeForOneTaskWakesOneOfTheIdleWorkersNotAll() {
        for (int w = 0; w < 5; w++) {
            deployWorker(new JsonObject().put("WORKER_QUEUES", "default").put("WORKER_CONCURRENCY", "10"));
        }
        redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).await();
        int tasks = 50;
        for (int i = 0; i < tasks; i++) {
            String id = submit(NewTask.of("echo", new JsonObject()));
            awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(5));
        }
        // claim.lua is the only script that reads Redis's clock: one TIME per claim call. One claim per task, and
        // at most 5 from the workers' start-up ticks; every idle worker claiming on every notice would be 5 a task.
        long claims = commandCalls("time");
        assertTrue(claims >= tasks && claims < 2 * tasks, claims + " claims for " + tasks + " tasks");
    }

    @Test
    void aNoticeForMoreTasksThanOneWorkerHasSlotsIsPassedOnUntilItIsCovered() {
        for (int w = 0; w < 4; w++) {
            deployWorker(new JsonObject().put("WORKER_QUEUES", "default").put("WORKER_CONCURRENCY", "5"));
        }
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(simulate(new JsonObject().put("ms", 3_000)));
        }
        store.enqueueAll(batch).await();
        WakeNotice.send(vertx.eventBus(), "default", 20, 0);

        // Each task holds its slot for 3 s, so only a worker that heard of the tasks can start them in time.
        Poll.until(Duration.ofSeconds(2), "all 20 tasks started",
                () -> events.stream().filter(e -> "claimed".equals(e.getString("event"))).count() == 20);
        Map<String, Long> perWorker = events.stream().filter(e -> "claimed".equals(e.getString("event")))
                .collect(Collectors.groupingBy(e -> e.getString("workerId"), Collectors.counting()));
        assertEquals(Map.of(5L, 4L), perWorker.values().stream()
                .collect(Collectors.groupingBy(n -> n, Collectors.counting())), "4 workers took 5 each: " + perWorker);
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
        WakeNotice.send(vertx.eventBus(), "silent", 1, 0);
        awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(5));
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(tookMs >= WakeNotice.REPLY_TIMEOUT_MS - 50, "started after " + tookMs + " ms");
    }

    private long commandCalls(String command) {
        String stats = redis.send(Request.cmd(Command.INFO).arg("commandstats")).await().toString();
        Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(stats);
        if (calls.find()) {
            return Long.parseLong(calls.group(1));
        }
        throw new AssertionError("no " + command + " in INFO commandstats: " + stats);
    }
}
