package io.taskrail.reliability;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worker chaos: tasks flow in over HTTP while, every few seconds, a random worker is killed with SIGKILL and a new
 * one started in its place. Every task completes, and the re-executions (attempts beyond the first, for tasks that
 * never fail) stay within the tasks the killed workers held leases on when they died, counted in Redis at each kill
 * (running tasks, and finished ones whose outcome was still being written).
 * <p>Full mode: 20,000 tasks over a minute, three workers. One command: {@code reliability/run.sh WorkerChaosIT}.
 */
class WorkerChaosIT {
    private static final int CONCURRENCY = 8;

    /** Registered worker ids by process id. */
    private static Map<Long, String> registeredWorkers(ServiceApi producer) {
        Map<Long, String> byPid = new HashMap<>();
        producer.json("/workers").ifPresent(w -> w.getJsonArray("workers").forEach(o -> {
            JsonObject worker = (JsonObject) o;
            byPid.put(worker.getLong("pid"), worker.getString("id"));
        }));
        return byPid;
    }

    @Test
    void everyTaskCompletesAndReExecutionsStayWithinWhatTheKilledWorkersHeld() {
        int tasks = Mode.pick(3_000, 20_000);
        Duration chaos = Mode.pick(Duration.ofSeconds(15), Duration.ofSeconds(60));
        Random random = new Random();
        int api = Services.freePort();
        try (EmbeddedRedis redis = EmbeddedRedis.startEphemeral();
             Services services = new Services("worker-chaos", redis.url())
                     .with("WORKER_CONCURRENCY", Integer.toString(CONCURRENCY))
                     .with("LEASE_MS", "4000");
             RedisView view = new RedisView(redis.url())) {
            ServiceApi producer = new ServiceApi(api);
            services.producer("producer", api);
            List<ServiceProcess> workers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                workers.add(services.worker("worker-" + i));
            }
            Poll.every(Phase.CHECK, Duration.ofSeconds(90), "the producer and three workers up",
                    () -> producer.json("/workers").map(w -> w.getJsonArray("workers").size() == 3).orElse(false));

            double rate = tasks / (double) chaos.toSeconds();
            Load load = services.closeFirst(new Load(List.of(producer), 4, rate, 1, Tasks.simulate(40)));
            long chaosEnds = System.nanoTime() + chaos.toNanos();
            int kills = 0;
            int started = 3;
            List<Integer> heldAtKills = new ArrayList<>();
            while (System.nanoTime() < chaosEnds || load.acceptedCount() < tasks) {
                Phase.hold(Duration.ofMillis(1_500 + random.nextInt(2_500)));
                Map<Long, String> registered = registeredWorkers(producer);
                List<ServiceProcess> candidates = workers.stream().filter(w -> registered.containsKey(w.pid()))
                        .toList();
                if (candidates.isEmpty()) {
                    continue;
                }
                ServiceProcess victim = candidates.get(random.nextInt(candidates.size()));
                workers.remove(victim);
                victim.kill();
                // Dead now, but a claim it sent just before may still be in Redis's input buffer: give Redis a
                // moment (well inside the 4 s lease, which nobody renews any more) before counting what it holds.
                Phase.hold(Duration.ofMillis(200));
                heldAtKills.add(view.heldBy("default", registered.get(victim.pid())));
                kills++;
                workers.add(services.worker("worker-" + ++started));
                if (load.acceptedCount() >= tasks) {
                    load.close();
                }
            }
            load.close();

            List<String> ids = load.accepted().stream().map(Load.Accepted::id).toList();
            Poll.every(Phase.CHECK, Mode.pick(Duration.ofSeconds(90), Duration.ofSeconds(240)), "every task completed",
                    () -> Outcome.of(view.states(ids)).allCompleted());
            Outcome outcome = Outcome.of(view.states(ids));
            long held = heldAtKills.stream().mapToLong(Integer::longValue).sum();

            new Report("Worker chaos")
                    .add("tasks accepted", outcome.accepted())
                    .add("chaos", chaos.toSeconds() + " s, 3 workers x " + CONCURRENCY + " slots, 4 s leases, a "
                            + "SIGKILL every 1.5-4 s, a new worker started at once")
                    .add("workers killed", kills)
                    .add("tasks the killed worker held, at each kill", heldAtKills)
                    .add("completed", outcome.completed())
                    .add("re-executions", outcome.reExecutions())
                    .add("bound: tasks held at the kills, summed", held)
                    .write();

            assertEquals(outcome.accepted(), outcome.completed(), "every accepted task completed");
            assertEquals(0, load.answered(-1), "no request hung");
            assertTrue(outcome.reExecutions() <= held, outcome.reExecutions() + " re-executions, but the killed "
                    + "workers held only " + held);
            assertTrue(kills >= Mode.pick(3, 12), "the chaos went on: " + kills + " kills");
        }
    }
}
