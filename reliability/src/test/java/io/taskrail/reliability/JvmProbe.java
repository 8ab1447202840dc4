package io.taskrail.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    static java.util.List<String> threadNames(long pid) {
        Matcher m = THREAD_NAME.matcher(jcmd(pid, "Thread.print"));
        java.util.List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            if (!JVM_THREAD.matcher(m.group(1)).find()) {
                names.add(m.group(1));
            }
        }
        java.util.Collections.sort(names);
        return names;
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
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd " + command + " hung");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
