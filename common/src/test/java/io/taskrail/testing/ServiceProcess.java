package io.taskrail.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Taskrail service fat jar run as a separate JVM, as users run it; its output goes to a log file. */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Runs {@code java -jar jar} with these environment variables added. */
    public static ServiceProcess start(Path jar, Map<String, String> env, Path log) {
        return start(List.of(), jar, env, log);
    }

    /**
     * As {@link #start(Path, Map, Path)}, the command run through {@code launcher} (such as {@code ip netns exec
     * <name>}, which execs java in place, so the process is still the JVM).
     */
    public static ServiceProcess start(List<String> launcher, Path jar, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            return new ServiceProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + jar, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once the process has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * SIGSTOP: the JVM hangs with its connections open, as one in a long pause or cut off without a reset would, so
     * its peers notice only by their timeouts. {@link #kill} ends it; {@link #close} would wait out its SIGTERM.
     */
    public void suspend() {
        try {
            int exit = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -STOP " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: a crash, with no chance to clean up. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM, then SIGKILL if it has not exited within 30 s. */
    @Override
    public void close() {
        process.destroy();
        if (!waitFor()) {
            kill();
        }
    }

    private boolean waitFor() {
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A service's built fat jar, checked to exist: {@code target/<service>.jar} in its own module, or
     * {@code ../<service>-verticle/target/<service>.jar} from another.
     */
    public static Path jar(String service) {
        Path own = Path.of("target", service + ".jar");
        Path jar = own.toFile().isFile() ? own : Path.of("..", service + "-verticle", "target", service + ".jar");
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the integration tests with "
                    + "mvn verify, which packages it first");
        }
        return jar;
    }

    @Override
    public String toString() {
        return "pid " + process.pid() + " (log " + log + File.separator + ")";
    }
}
