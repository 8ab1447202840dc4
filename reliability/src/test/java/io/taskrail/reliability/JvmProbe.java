package io.taskrail.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a service JVM from outside, as an operator would: its live heap (after a full GC) and its threads, through
 * jcmd, and its open file descriptors (sockets included), from /proc.
 */
final class JvmProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private JvmProbe() {
    }

    /** Heap in use right after a full GC, in MiB: what the service really holds on to. */
    static long liveHeapMb(long pid) {
        jcmd(pid, "GC.run");
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd " + pid);
        }
        return Long.parseLong(m.group(1)) / 1024;
    }

    private static final Pattern THREAD_NAME = Pattern.compile("^\"([^\"]*)\"", Pattern.MULTILINE);
    /** The JVM's own threads, whose number it changes with load (JIT compilers, GC workers): not a leak. */
    private static final Pattern JVM_THREAD = Pattern.compile("CompilerThread|GC Thread|G1 |VM |Sweeper|"
            + "Service Thread|Signal Dispatcher|Reference Handler|Finalizer|Common-Cleaner|Attach Listener|"
            + "Notification Thread|JFR");

    /** The names of the threads the service itself runs (JVM housekeeping left out), sorted. */
    static List<String> threadNames(long pid) {
        Matcher m = THREAD_NAME.matcher(jcmd(pid, "Thread.print"));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            if (!JVM_THREAD.matcher(m.group(1)).find()) {
                names.add(m.group(1));
            }
        }
        Collections.sort(names);
        return names;
    }

    /** All the JVM's threads, from /proc: cheap enough to read often. */
    static int threads(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToInt(l -> Integer.parseInt(l.substring(8).trim()))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    static int openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A leak is a kind of thread that keeps multiplying. Vert.x's worker and internal blocking pools (files, for the
     * static pages) grow on demand up to their fixed size (20), which a burst fills once: bounded, so only their
     * size is checked. Hazelcast's cached executor also grows on demand (3 core threads, the others ending after
     * 60 s idle), so it gets the same bound.
     */
    static void assertNoThreadLeak(String service, List<String> before, List<String> after) {
        Map<String, Long> was = byKind(before);
        byKind(after).forEach((kind, n) -> {
            boolean onDemandPool = kind.equals("vert.x-worker-thread-#") || kind.equals("vert.x-internal-blocking-#")
                    || kind.matches("hz\\.[^.]+\\.cached\\.thread-#");
            long limit = onDemandPool ? 20 : was.getOrDefault(kind, 0L) + 2;
            assertTrue(n <= limit, service + ": " + n + " threads like " + kind + ", at most " + limit + " expected");
        });
    }

    private static Map<String, Long> byKind(List<String> names) {
        return names.stream().collect(Collectors.groupingBy(n -> n.replaceAll("\\d+", "#"),
                TreeMap::new, Collectors.counting()));
    }

}
