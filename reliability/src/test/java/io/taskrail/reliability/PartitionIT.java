package io.taskrail.reliability;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Network partition: one worker runs in a network namespace, reaching Redis and the cluster over a veth pair. Mid-run
 * the link is cut (packets dropped both ways), held, then restored. Meanwhile the worker on the host takes over the
 * cut-off worker's tasks once their leases expire; after the heal the cut-off worker is back in the cluster and
 * processing again, and every accepted task completes once (re-executions only for what it held).
 * <p>Needs root (network namespaces); it skips without, unless TASKRAIL_REQUIRE_NETNS=1 (set by .ci/run) makes that
 * a failure. One command: {@code reliability/run.sh PartitionIT}.
 */
class PartitionIT {
    @Test
    void aPartitionedWorkerLosesNothingAndComesBackWhenTheNetworkHeals() {
        boolean available = NetworkNamespace.available();
        if ("1".equals(System.getenv("TASKRAIL_REQUIRE_NETNS"))) {
            assertTrue(available, "TASKRAIL_REQUIRE_NETNS=1 but network namespaces need root and iproute2");
        }
        assumeTrue(available, "network namespaces need root and iproute2: partition scenario not run");
        Duration partition = Mode.pick(Duration.ofSeconds(8), Duration.ofSeconds(30));
        int api = Services.freePort();
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            int redisPort = Services.freePort();
            try (EmbeddedRedis redis = EmbeddedRedis.start(redisPort, null, "no", List.of(ns.hostIp()));
                 Services services = new Services("partition", redis.url())
                         .with("CLUSTER_HOST", ns.hostIp())
                         .with("CLUSTER_MEMBERS", ns.hostIp() + "," + ns.namespaceIp())
                         .with("WORKER_CONCURRENCY", "8").with("HEARTBEAT_MS", "500")
                         .with("LEASE_MS", "3000");
                 RedisView view = new RedisView(redis.url())) {
                ServiceApi producer = new ServiceApi(api);
                services.producer("producer", api);
                services.worker("worker-host");
                ServiceProcess cutOff = services.start("worker", "worker-namespace", Map.of(
                        "CLUSTER_HOST", ns.namespaceIp(),
                        "REDIS_URL", "redis://" + ns.hostIp() + ":" + redisPort), ns.launcher());
                Poll.every(Phase.CHECK, Duration.ofSeconds(90), "three members and both workers registered",
                        () -> producer.clusterNodes() == 3 && worker(producer, cutOff.pid()).isPresent());

                Load load = services.closeFirst(new Load(List.of(producer), 2, 200, 1, Tasks.simulate(100)));
                Poll.every(Phase.CHECK, Duration.ofSeconds(20), "the namespaced worker at work",
                        () -> processed(producer, cutOff.pid()) > 50);
                String cutOffId = worker(producer, cutOff.pid()).orElseThrow().getString("id");
                ns.cut();
                long cutAt = System.nanoTime();
                // Cut off, it can change nothing in Redis (after a moment for what was already on the wire): these
                // are the leases it holds until they expire.
                Phase.hold(Duration.ofMillis(200));
                int held = view.heldBy("default", cutOffId);
                long processedAtCut = processed(producer, cutOff.pid());
                Phase.hold(partition);
                long completedDuringCut = completed(producer);
                ns.heal();
                long healedAt = System.nanoTime();
                Poll.every(Phase.CHECK, Duration.ofSeconds(60), "the namespaced worker processing again",
                        () -> processed(producer, cutOff.pid()) > processedAtCut + 50);
                long resumedMs = (System.nanoTime() - healedAt) / 1_000_000;
                Poll.every(Phase.CHECK, Duration.ofSeconds(120), "three members again",
                        () -> producer.clusterNodes() == 3);
                load.close();

                List<String> ids = load.accepted().stream().map(Load.Accepted::id).toList();
                Poll.every(Phase.CHECK, Duration.ofSeconds(60), "every accepted task completed",
                        () -> Outcome.of(view.states(ids)).allCompleted());
                Outcome outcome = Outcome.of(view.states(ids));

                new Report("Network partition of one worker")
                        .add("setup", "producer + worker on the host, one worker in a network namespace (veth); "
                                + "200 tasks/s of 0-100 ms")
                        .add("partition held (s)", partition.toSeconds())
                        .add("tasks completed by the time of the heal", completedDuringCut)
                        .add("cut-off worker processing again (ms after the heal)", resumedMs)
                        .add("partition to full recovery (ms)", (System.nanoTime() - cutAt) / 1_000_000)
                        .add("tasks accepted", outcome.accepted())
                        .add("completed", outcome.completed())
                        .add("tasks the cut-off worker held at the cut", held)
                        .add("re-executions", outcome.reExecutions())
                        .write();

                assertEquals(outcome.accepted(), outcome.completed());
                assertEquals(load.answered(202), load.answers().values().stream().mapToLong(Long::longValue).sum(),
                        "every submission accepted: " + load.answers());
                assertTrue(outcome.reExecutions() <= held, outcome.reExecutions() + " re-executions, but the "
                        + "cut-off worker held " + held);
            }
        }
    }

    private static Optional<JsonObject> worker(ServiceApi producer, long pid) {
        return producer.json("/workers").flatMap(w -> w.getJsonArray("workers").stream()
                .map(JsonObject.class::cast).filter(o -> o.getLong("pid") == pid).findFirst());
    }

    private static long processed(ServiceApi producer, long pid) {
        return worker(producer, pid).map(w -> w.getLong("processed")).orElse(-1L);
    }

    private static long completed(ServiceApi producer) {
        return producer.json("/stats").map(s -> s.getJsonObject("totals").getLong("completed")).orElse(0L);
    }
}
