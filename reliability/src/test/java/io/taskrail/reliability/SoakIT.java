package io.taskrail.reliability;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Soak: the whole system (producer, monitor, two workers) first flooded to measure what it drains on this machine,
 * then held at 70% of that for the soak's length, with a short retention so finished tasks expire as they would in
 * production. Every window it records each JVM's live heap (after a full GC), threads and file descriptors, Redis
 * memory, the backlog, and the submit-to-start latency of a sample of that window's tasks (one not started yet
 * counts with its age so far, so a backlog shows).
 * <ul>
 *   <li>Redis memory and heaps stay flat once the retention window is reached;</li>
 *   <li>latency does not grow, and the backlog stays small;</li>
 *   <li>no thread or connection leak; every submitted task completes.</li>
 * </ul>
 * Full mode: 10 minutes, one-minute windows. One command: {@code reliability/run.sh SoakIT full=true}.
 */
class SoakIT {
    @Test
    void sustainedLoadLeavesMemoryLatencyThreadsAndConnectionsFlat() {
        Duration length = Mode.pick(Duration.ofSeconds(40), Duration.ofMinutes(10));
        Duration window = Mode.pick(Duration.ofSeconds(8), Duration.ofSeconds(60));
        long retentionMs = Mode.pick(15_000, 60_000);
        int api = Services.freePort();
        int monitorPort = Services.freePort();
        try (EmbeddedRedis redis = EmbeddedRedis.startEphemeral();
             Services services = new Services("soak", redis.url()).with("WORKER_CONCURRENCY", "64")
                     .with("RETENTION_MS", Long.toString(retentionMs)).with("STATS_TICK_MS", "1000");
             RedisView view = new RedisView(redis.url())) {
            ServiceApi producer = new ServiceApi(api);
            Map<String, ServiceProcess> jvms = new LinkedHashMap<>();
            jvms.put("producer", services.producer("producer", api));
            jvms.put("monitor", services.monitor("monitor", monitorPort));
            jvms.put("worker-1", services.worker("worker-1"));
            jvms.put("worker-2", services.worker("worker-2"));
            Poll.every(Phase.CHECK, Duration.ofSeconds(90), "four members and two workers",
                    () -> producer.clusterNodes() == 4 && producer.json("/workers")
                            .map(w -> w.getJsonArray("workers").size() == 2).orElse(false));

            double capacity = measureCapacity(producer, Mode.pick(Duration.ofSeconds(8), Duration.ofSeconds(20)));
            double rate = 0.7 * capacity;
            Poll.every(Phase.CHECK, Duration.ofSeconds(60), "the flood drained", () -> backlog(producer) == 0);

            Map<String, List<String>> threadsAtStart = new LinkedHashMap<>();
            Map<String, Integer> filesAtStart = new LinkedHashMap<>();
            List<Window> windows = new ArrayList<>();
            Load load = services.closeFirst(new Load(List.of(producer), 4, rate, 50, Tasks.simulate(5)));
            long end = System.nanoTime() + length.toNanos();
            int seen = 0;
            while (System.nanoTime() < end) {
                Phase.hold(window);
                List<Load.Accepted> accepted = load.accepted();
                List<String> sample = sample(accepted.subList(seen, accepted.size()), 400);
                seen = accepted.size();
                if (windows.isEmpty()) {
                    jvms.forEach((name, jvm) -> {
                        threadsAtStart.put(name, JvmProbe.threadNames(jvm.pid()));
                        filesAtStart.put(name, JvmProbe.openFiles(jvm.pid()));
                    });
                }
                windows.add(Window.take(jvms, view, producer, sample));
            }
            load.close();
            Poll.every(Phase.CHECK, Duration.ofSeconds(60), "the soak's last tasks drained",
                    () -> backlog(producer) == 0);
            JsonObject totals = producer.json("/stats").orElseThrow().getJsonObject("totals");

            Report report = new Report("Soak")
                    .add("capacity (flood, batches of 50 over HTTP, drained by 2 workers)", Math.round(capacity)
                            + " tasks/s")
                    .add("offered", Math.round(rate) + " tasks/s (70%) for " + length.toSeconds() + " s, retention "
                            + retentionMs / 1000 + " s")
                    .add("answers by HTTP status", load.answers())
                    .add("submitted / completed (Redis totals)", totals.getLong("submitted") + " / "
                            + totals.getLong("completed"));
            for (int i = 0; i < windows.size(); i++) {
                report.add("window " + (i + 1), windows.get(i));
            }
            report.write();

            assertEquals(load.answered(202), load.answers().values().stream().mapToLong(Long::longValue).sum(),
                    "every submission accepted: " + load.answers());
            assertEquals(totals.getLong("submitted"), totals.getLong("completed"), "every task completed");
            int third = Math.max(1, windows.size() / 3);
            List<Window> middle = windows.subList(third, windows.size() - third);
            List<Window> last = windows.subList(windows.size() - third, windows.size());
            long redisMiddle = middle.stream().mapToLong(Window::redisBytes).max().orElseThrow();
            long redisLast = last.stream().mapToLong(Window::redisBytes).max().orElseThrow();
            assertTrue(redisLast <= redisMiddle * 1.25 + 2_000_000, "Redis memory flat: " + redisMiddle + " -> "
                    + redisLast);
            for (String jvm : jvms.keySet()) {
                long heapEarly = windows.subList(0, third).stream().mapToLong(w -> w.heapMb().get(jvm)).max()
                        .orElseThrow();
                long heapLast = last.stream().mapToLong(w -> w.heapMb().get(jvm)).max().orElseThrow();
                assertTrue(heapLast <= heapEarly + 24, jvm + " heap flat: " + heapEarly + " -> " + heapLast + " MiB");
                JvmProbe.assertNoThreadLeak(jvm, threadsAtStart.get(jvm), JvmProbe.threadNames(jvms.get(jvm).pid()));
                int files = JvmProbe.openFiles(jvms.get(jvm).pid());
                assertTrue(files <= filesAtStart.get(jvm) + 10, jvm + " file descriptors: " + filesAtStart.get(jvm)
                        + " -> " + files);
            }
            long p99First = median(windows.subList(0, third).stream().map(Window::p99Ms).toList());
            long p99Last = median(last.stream().map(Window::p99Ms).toList());
            // Margins for a 2-core machine that also runs the probes (a full GC in each JVM every window): a leak or
            // a growing backlog shows as a trend far past them.
            assertTrue(p99Last <= 3 * p99First + 20, "no latency growth: p99 " + p99First + " -> " + p99Last + " ms");
            for (Window w : windows) {
                assertTrue(w.backlog() < rate * 5, "no backlog building up: " + w);
            }
        }
    }

    /** One window's readings. */
    record Window(Map<String, Long> heapMb, Map<String, Integer> threads, long redisBytes, long backlog, long p50Ms,
                  long p99Ms) {
        static Window take(Map<String, ServiceProcess> jvms, RedisView view, ServiceApi producer,
                           List<String> sample) {
            List<Long> latencies = new ArrayList<>(view.startLatencies(sample, System.currentTimeMillis()));
            Collections.sort(latencies);
            Map<String, Long> heap = new LinkedHashMap<>();
            Map<String, Integer> threads = new LinkedHashMap<>();
            jvms.forEach((name, jvm) -> {
                heap.put(name, JvmProbe.liveHeapMb(jvm.pid()));
                threads.put(name, JvmProbe.threads(jvm.pid()));
            });
            return new Window(heap, threads, view.usedMemory(), SoakIT.backlog(producer), percentile(latencies, 50),
                    percentile(latencies, 99));
        }

        @Override
        public String toString() {
            return "live heap MiB " + heapMb + ", threads " + threads + ", Redis " + redisBytes / 1024 + " KiB, "
                    + "backlog " + backlog + ", submit->start p50 " + p50Ms + " ms, p99 " + p99Ms + " ms";
        }
    }

    /** Floods the producer with batches and answers the rate at which tasks completed meanwhile. */
    private static double measureCapacity(ServiceApi producer, Duration flood) {
        long before = completed(producer);
        long start = System.nanoTime();
        Load load = new Load(List.of(producer), 4, 1_000_000, 50, Tasks.simulate(5));
        Phase.hold(flood);
        long done = completed(producer) - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        load.close();
        return done / seconds;
    }

    private static long completed(ServiceApi producer) {
        return producer.json("/stats").map(s -> s.getJsonObject("totals").getLong("completed")).orElse(0L);
    }

    private static long backlog(ServiceApi producer) {
        return producer.json("/stats").map(s -> s.getJsonObject("counts")).map(c -> c.getLong("pending")
                + c.getLong("scheduled") + c.getLong("processing")).orElse(Long.MAX_VALUE);
    }

    private static List<String> sample(List<Load.Accepted> accepted, int n) {
        List<String> ids = new ArrayList<>();
        int step = Math.max(1, accepted.size() / n);
        for (int i = 0; i < accepted.size(); i += step) {
            ids.add(accepted.get(i).id());
        }
        return ids;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
