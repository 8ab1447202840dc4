package io.taskrail.reliability;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster member loss: two producers, a monitor and two workers, with tasks flowing through the second producer.
 * The monitor, then the first producer, are killed with SIGKILL: the rest go on accepting and completing tasks. Both
 * are started again and rejoin: every node sees all five members, the restarted monitor serves the cluster's
 * workers, and a task submitted through the restarted producer completes. No accepted task is lost.
 * <p>One command: {@code reliability/run.sh MemberLossIT}.
 */
class MemberLossIT {
    private static final Duration JOIN = Duration.ofSeconds(90);

    @Test
    void theOthersCarryOnWhileAMemberIsDownAndARestartedMemberRejoins() {
        int apiA = Services.freePort();
        int apiB = Services.freePort();
        int monitorPort = Services.freePort();
        Duration carryOn = Mode.pick(Duration.ofSeconds(3), Duration.ofSeconds(20));
        try (EmbeddedRedis redis = EmbeddedRedis.startEphemeral();
             Services services = new Services("member-loss", redis.url()).with("WORKER_CONCURRENCY", "8");
             RedisView view = new RedisView(redis.url())) {
            ServiceApi a = new ServiceApi(apiA);
            ServiceApi b = new ServiceApi(apiB);
            ServiceApi monitor = new ServiceApi(monitorPort);
            ServiceProcess producerA = services.producer("producer-a", apiA);
            services.producer("producer-b", apiB);
            ServiceProcess monitorProcess = services.monitor("monitor", monitorPort);
            services.worker("worker-1");
            services.worker("worker-2");
            Poll.every(Phase.CHECK, JOIN, "five members", () -> b.clusterNodes() == 5 && monitor.clusterNodes() == 5);

            Load load = services.closeFirst(new Load(List.of(b), 2, 200, 1, Tasks.simulate(20)));
            long completedBefore = completed(b);
            monitorProcess.kill();
            long killedMonitorAt = System.nanoTime();
            Poll.every(Phase.CHECK, Duration.ofSeconds(20), "tasks still completing without the monitor",
                    () -> completed(b) > completedBefore + 200);
            assertEquals(202, a.submit(Tasks.simulate(0).get()).status(), "producer A still accepts");
            Phase.hold(carryOn);

            long completedMid = completed(b);
            producerA.kill();
            Poll.every(Phase.CHECK, Duration.ofSeconds(20), "tasks still completing without producer A",
                    () -> completed(b) > completedMid + 200);
            Phase.hold(carryOn);
            Poll.every(Phase.CHECK, Duration.ofSeconds(90), "the dead members leave the cluster view",
                    () -> b.clusterNodes() == 3);
            long membersGoneMs = (System.nanoTime() - killedMonitorAt) / 1_000_000;

            long restartedAt = System.nanoTime();
            services.monitor("monitor-restarted", monitorPort);
            services.producer("producer-a-restarted", apiA);
            Poll.every(Phase.CHECK, JOIN, "the restarted members rejoin", () -> b.clusterNodes() == 5
                    && a.clusterNodes() == 5 && monitor.clusterNodes() == 5);
            long rejoinMs = (System.nanoTime() - restartedAt) / 1_000_000;
            // Worker heartbeats reach the monitor over the event bus: proof the rejoined node gets messages.
            Poll.every(Phase.CHECK, Duration.ofSeconds(20), "the restarted monitor counts both workers",
                    () -> monitor.get("/metrics").body().contains("taskrail_workers 2.0"));
            String viaRestarted = a.submit(Tasks.simulate(0).get()).json().getString("taskId");
            load.close();

            List<String> ids = new ArrayList<>(load.accepted().stream().map(Load.Accepted::id).toList());
            ids.add(viaRestarted);
            Poll.every(Phase.CHECK, Duration.ofSeconds(60), "every accepted task completed",
                    () -> Outcome.of(view.states(ids)).allCompleted());
            Outcome outcome = Outcome.of(view.states(ids));

            new Report("Cluster member loss")
                    .add("members", "2 producers, 1 monitor, 2 workers; load 200 tasks/s through producer B")
                    .add("answers by HTTP status", load.answers())
                    .add("killed monitor and producer A leave every view (ms after the first kill)", membersGoneMs)
                    .add("restarted pair rejoins, seen by every producer and the monitor (ms)", rejoinMs)
                    .add("tasks accepted", outcome.accepted())
                    .add("completed", outcome.completed())
                    .write();

            assertEquals(outcome.accepted(), outcome.completed());
            assertEquals(load.answered(202), load.answers().values().stream().mapToLong(Long::longValue).sum(),
                    "producer B accepted everything throughout: " + load.answers());
            assertTrue(outcome.accepted() > 200);
        }
    }

    private static long completed(ServiceApi producer) {
        return producer.json("/stats").map(s -> s.getJsonObject("totals").getLong("completed")).orElse(0L);
    }
}
