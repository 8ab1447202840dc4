package io.taskrail.reliability;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing: thousands of generated bad requests (see {@link BadRequests}, {@link BadFrames}) at the producer's API and
 * the monitor's pages and WebSocket, from several threads, while slow and half-open connections sit open and a probe
 * checks every 200 ms that both services still answer, and that a good task is still accepted.
 * <ul>
 *   <li>No answer is a 5xx; no request the server owes an answer goes unanswered; neither JVM dies.</li>
 *   <li>The services stay responsive: the probe's slowest answer is reported and bounded.</li>
 *   <li>Memory stays flat: live heap after a full GC, before and after, and threads and file descriptors once the
 *       fuzzer's connections are gone.</li>
 * </ul>
 * The seed is printed, so a failure can be replayed with -Dfuzz.seed= (the same cases; their order across the threads
 * may differ). One command: {@code reliability/run.sh FuzzIT}.
 */
class FuzzIT {
    private static final String TOKEN = "fuzz-token-0123456789abcdef";
    private static final long RESPONSIVE_MS = 2_000;

    @Test
    void badInputNeverGetsA5xxNorHangsNorGrowsMemory() throws Exception {
        // CI's short run uses a fixed seed, so it checks the same cases every time (each seed found so far is fixed);
        // the full run draws a new one, to keep exploring. Any seed replays with -Dfuzz.seed=.
        long seed = Long.getLong("fuzz.seed", Mode.full() ? System.nanoTime() : 20_261_122L);
        int requests = Mode.pick(3_000, 30_000);
        int slowConnections = Mode.pick(60, 300);
        int api = Services.freePort();
        int monitorPort = Services.freePort();
        try (EmbeddedRedis redis = EmbeddedRedis.startEphemeral();
             Services services = new Services("fuzz", redis.url()).with("API_TOKEN", TOKEN)) {
            ServiceProcess producer = services.producer("producer", api);
            ServiceProcess monitor = services.monitor("monitor", monitorPort);
            ServiceApi producerApi = new ServiceApi(api, TOKEN);
            ServiceApi monitorApi = new ServiceApi(monitorPort, TOKEN);
            Poll.every(Phase.CHECK, Duration.ofSeconds(90), "both services up",
                    () -> producerApi.clusterNodes() == 2 && monitorApi.clusterNodes() == 2);

            Random random = new Random(seed);
            BadRequests producerCases = new BadRequests(new Random(random.nextLong()), TOKEN,
                    List.of("/tasks", "/tasks/default:01ARZ3NDEKTSV4RRFFQ69G5FAV", "/stats", "/workers", "/dead",
                            "/health", "/openapi.yaml", "/nope"),
                    List.of("/tasks", "/tasks/batch", "/dead/retry", "/dead/default:x/retry", "/tasks/x"));
            BadRequests monitorCases = new BadRequests(new Random(random.nextLong()), TOKEN,
                    List.of("/", "/index.html", "/metrics", "/health", "/ws/stats", "/app.js", "/nope"),
                    List.of("/api/dead/retry", "/api/dead/retry?queue=%ZZ", "/"));
            BadFrames frames = new BadFrames(new Random(random.nextLong()), TOKEN);

            // A warm-up third: pools that start threads lazily fill up, the JIT settles; then the baseline.
            runFuzz(requests / 3, api, monitorPort, producerCases, monitorCases, frames, new Tally());
            long producerHeapBefore = JvmProbe.liveHeapMb(producer.pid());
            long monitorHeapBefore = JvmProbe.liveHeapMb(monitor.pid());
            List<String> producerThreadsBefore = JvmProbe.threadNames(producer.pid());
            List<String> monitorThreadsBefore = JvmProbe.threadNames(monitor.pid());
            int producerFilesBefore = JvmProbe.openFiles(producer.pid());
            int monitorFilesBefore = JvmProbe.openFiles(monitor.pid());

            Tally tally = new Tally();
            List<Socket> slow = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread slowSender = openSlowConnections(slowConnections, api, monitorPort, slow, running);
            Probe probe = new Probe(producerApi, monitorApi, running);
            long started = System.nanoTime();
            try {
                runFuzz(requests, api, monitorPort, producerCases, monitorCases, frames, tally);
            } finally {
                running.set(false);
                slowSender.join();
                probe.thread.join();
                for (Socket s : slow) {
                    s.close();
                }
            }
            long fuzzMs = (System.nanoTime() - started) / 1_000_000;

            assertTrue(producer.isAlive() && monitor.isAlive(), "both services still running");
            long producerHeapAfter = JvmProbe.liveHeapMb(producer.pid());
            long monitorHeapAfter = JvmProbe.liveHeapMb(monitor.pid());
            List<String> producerThreadsAfter = JvmProbe.threadNames(producer.pid());
            List<String> monitorThreadsAfter = JvmProbe.threadNames(monitor.pid());
            Poll.every(Phase.CHECK, Duration.ofSeconds(20), "the fuzzer's connections closed on the servers' side too",
                    () -> JvmProbe.openFiles(producer.pid()) <= producerFilesBefore + 10
                            && JvmProbe.openFiles(monitor.pid()) <= monitorFilesBefore + 10);

            new Report("Fuzzing the HTTP API and the WebSocket")
                    .add("seed", seed)
                    .add("requests", requests + " bad requests and WebSocket sessions in " + fuzzMs + " ms, "
                            + slowConnections + " slow or half-open connections held meanwhile")
                    .add("producer answers by status (0 = closed, -1 = none within the wait)", tally.of("producer"))
                    .add("monitor answers by status", tally.of("monitor"))
                    .add("WebSocket sessions: handshake answers by status", tally.of("websocket"))
                    .add("5xx answers / whole requests unanswered after 5 s / whole requests closed without an answer",
                            tally.serverErrors.size() + " / " + tally.hangs.size() + " / "
                                    + tally.closedUnanswered.sum())
                    .add("probe: checks, failures, slowest (ms)", probe.checks + ", " + probe.failures.size() + ", "
                            + probe.slowestMs.get())
                    .add("producer live heap after GC (MiB), before / after", producerHeapBefore + " / "
                            + producerHeapAfter)
                    .add("monitor live heap after GC (MiB), before / after", monitorHeapBefore + " / "
                            + monitorHeapAfter)
                    .add("service threads producer / monitor, before / after", producerThreadsBefore.size() + " / "
                            + producerThreadsAfter.size() + ", " + monitorThreadsBefore.size() + " / "
                            + monitorThreadsAfter.size())
                    .write();

            assertEquals(List.of(), tally.serverErrors.stream().limit(5).toList(), "no 5xx (seed " + seed + ")");
            assertEquals(List.of(), tally.hangs.stream().limit(5).toList(),
                    "every whole request answered (seed " + seed + ")");
            assertEquals(List.of(), List.copyOf(probe.failures), "the probe always got its answer");
            assertTrue(probe.slowestMs.get() < RESPONSIVE_MS, "responsive: slowest probe " + probe.slowestMs.get());
            assertTrue(producerHeapAfter <= producerHeapBefore + 32, "producer heap flat: " + producerHeapBefore
                    + " -> " + producerHeapAfter + " MiB");
            assertTrue(monitorHeapAfter <= monitorHeapBefore + 32, "monitor heap flat: " + monitorHeapBefore
                    + " -> " + monitorHeapAfter + " MiB");
            JvmProbe.assertNoThreadLeak("producer", producerThreadsBefore, producerThreadsAfter);
            JvmProbe.assertNoThreadLeak("monitor", monitorThreadsBefore, monitorThreadsAfter);
        }
    }

    /** Answers by target and status, and the failures worth a look. */
    private static final class Tally {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> hangs = new ConcurrentLinkedQueue<>();
        final LongAdder closedUnanswered = new LongAdder();

        void record(String target, BadRequests.Case c, RawExchange.Answer answer) {
            counts.computeIfAbsent(target + " " + answer.status(), k -> new LongAdder()).increment();
            if (answer.status() >= 500) {
                serverErrors.add(target + " " + c.kind() + ": " + answer.head() + " <- " + preview(c.bytes()));
            } else if (answer.status() == -1 && c.complete()) {
                hangs.add(target + " " + c.kind() + " <- " + preview(c.bytes()));
            } else if (answer.status() == 0 && c.complete()) {
                // Closed without a word (a request Netty cannot parse): not a failure, but worth a number.
                closedUnanswered.increment();
            }
        }

        Map<Integer, Long> of(String target) {
            Map<Integer, Long> out = new TreeMap<>();
            counts.forEach((k, n) -> {
                if (k.startsWith(target + " ")) {
                    out.put(Integer.parseInt(k.substring(target.length() + 1)), n.sum());
                }
            });
            return out;
        }

        private static String preview(byte[] bytes) {
            String text = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1);
            return text.replace("\r", "\\r").replace("\n", "\\n");
        }
    }

    private static void runFuzz(int requests, int api, int monitorPort, BadRequests producerCases,
                                BadRequests monitorCases, BadFrames frames, Tally tally) throws InterruptedException {
        AtomicInteger left = new AtomicInteger(requests);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                int n;
                while ((n = left.getAndDecrement()) > 0) {
                    int which = n % 10;
                    String target;
                    BadRequests.Case c;
                    int port;
                    synchronized (producerCases) { // the generators share one Random each: one thread at a time
                        if (which < 6) {
                            target = "producer";
                            c = producerCases.next();
                            port = api;
                        } else if (which < 8) {
                            target = "monitor";
                            c = monitorCases.next();
                            port = monitorPort;
                        } else {
                            target = "websocket";
                            c = frames.next();
                            port = monitorPort;
                        }
                    }
                    tally.record(target, c, RawExchange.send(port, c.bytes(), c.complete() ? 5_000 : 300));
                }
            }, "fuzz-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /**
     * Opens connections that never finish: a third send headers a byte at a time (slowloris), a third send nothing,
     * a third promise a body they never send. A thread trickles the slow ones' bytes until told to stop.
     */
    private static Thread openSlowConnections(int n, int api, int monitorPort, List<Socket> sockets,
                                              AtomicBoolean running) throws IOException {
        List<OutputStream> trickling = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", i % 2 == 0 ? api : monitorPort), 2_000);
            sockets.add(socket);
            switch (i % 3) {
                case 0 -> trickling.add(socket.getOutputStream());
                case 1 -> { }
                default -> socket.getOutputStream().write(("POST /tasks HTTP/1.1\r\nHost: f\r\nAuthorization: "
                        + "Bearer " + TOKEN + "\r\nContent-Length: 100000\r\n\r\n{\"type\":").getBytes(
                        StandardCharsets.ISO_8859_1));
            }
        }
        byte[] header = "GET /health HTTP/1.1\r\nHost: f\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(StandardCharsets.ISO_8859_1);
        Thread sender = new Thread(() -> {
            int at = 0;
            while (running.get()) {
                for (OutputStream out : trickling) {
                    try {
                        out.write(header[Math.min(at, header.length - 1)]);
                        out.flush();
                    } catch (IOException closedByServer) {
                        // an idle timeout or a refusal: fine, the point is that others are unaffected
                    }
                }
                at++;
                Phase.hold(Duration.ofMillis(500));
            }
        }, "slowloris");
        sender.setDaemon(true);
        sender.start();
        return sender;
    }

    /** Every 200 ms: both services' /health, and one good task submitted. */
    private static final class Probe {
        final Thread thread;
        final LongAccumulator slowestMs = new LongAccumulator(Math::max, 0);
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong checks = new AtomicLong();

        Probe(ServiceApi producer, ServiceApi monitor, AtomicBoolean running) {
            thread = new Thread(() -> {
                while (running.get()) {
                    check("producer /health", producer.get("/health"), 200);
                    check("monitor /health", monitor.get("/health"), 200);
                    check("good task", producer.submit(Tasks.simulate(0).get()), 202);
                    Phase.hold(Duration.ofMillis(200));
                }
            }, "probe");
            thread.setDaemon(true);
            thread.start();
        }

        private void check(String what, ServiceApi.Reply reply, int expected) {
            checks.incrementAndGet();
            slowestMs.accumulate(reply.millis());
            if (reply.status() != expected) {
                failures.add(what + ": " + reply.status() + " " + reply.body());
            }
        }
    }
}
