package io.taskrail.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server child process on loopback, for development, the one-command start and the tests: a machine with
 * only a JDK and Maven has no Redis. It runs {@code redis-server} from the PATH when there is one, else the binary
 * that the {@code com.github.codemonstur:embedded-redis} artifact ships (Redis 6.2 for Linux, macOS, Windows).
 *
 * <p>Blocking: call it from a main thread or a test, never from an event loop.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final long START_TIMEOUT_MS = 15_000;

    private final Process process;
    private final int port;

    private EmbeddedRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server on a free loopback port, keeping nothing on disk.
     */
    public static EmbeddedRedis startEphemeral() {
        return start(freePort(), null);
    }

    /**
     * Starts a server on {@code port}. With a {@code dataDir}, data is kept there in an append-only file (fsync
     * every second), so a restart loses nothing but the last second; without one, nothing is kept.
     */
    public static EmbeddedRedis start(int port, Path dataDir) {
        return start(port, dataDir, "everysec", List.of());
    }

    /**
     * As {@link #start(int, Path)}, with the append-only file's fsync policy ({@code always}, {@code everysec} or
     * {@code no}) and addresses to listen on besides loopback (the reliability scenarios put a worker in a network
     * namespace that reaches Redis over a veth pair).
     */
    public static EmbeddedRedis start(int port, Path dataDir, String appendfsync, List<String> extraBind) {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port),
                "--save", "", "--bind", "127.0.0.1"));
        command.addAll(extraBind);
        if (!extraBind.isEmpty()) {
            // Protected mode refuses clients from other addresses when no password is set.
            command.addAll(List.of("--protected-mode", "no"));
        }
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            command.addAll(List.of("--dir", dataDir.toAbsolutePath().toString(),
                    "--appendonly", "yes", "--appendfsync", appendfsync));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir == null ? ProcessBuilder.Redirect.DISCARD
                            : ProcessBuilder.Redirect.appendTo(dataDir.resolve("redis.log").toFile()))
                    .start();
            EmbeddedRedis redis = new EmbeddedRedis(process, port);
            redis.awaitListening();
            log.info("redis-server started on 127.0.0.1:{} (pid {})", port, process.pid());
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: a crash, with no chance to write anything more to disk. Waits for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start with code " + process.exitValue()
                        + "; is port " + port + " taken?");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        throw new IllegalStateException("redis-server did not listen on port " + port + " within "
                + START_TIMEOUT_MS + " ms");
    }

    /**
     * redis-server from the PATH when it is recent enough ({@link RedisVersion}), else the packaged binary for this
     * platform, extracted once per user.
     */
    private static Path binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    String version = versionOf(candidate);
                    if (version != null && RedisVersion.supported(version)) {
                        return candidate;
                    }
                    log.info("not using {} (version {}): Taskrail needs Redis {} or later", candidate, version,
                            RedisVersion.MINIMUM);
                    break;
                }
            }
        }
        String resource = packagedBinaryName();
        Path target = Path.of(System.getProperty("java.io.tmpdir"),
                "taskrail-" + System.getProperty("user.name", "user"), resource);
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream in = EmbeddedRedis.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on PATH and no packaged " + resource
                        + " on the classpath (com.github.codemonstur:embedded-redis)");
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), resource, ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (!partial.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + partial + " executable");
            }
            // Atomic, so two JVMs extracting at once never run a half-written file.
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + resource, e);
        }
    }

    /** What {@code redis-server --version} says, as major.minor; null when it cannot tell. */
    private static String versionOf(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            // One short line, which the pipe holds until it is read: wait for the exit first, with a limit.
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return RedisVersion.in(new String(process.getInputStream().readAllBytes()));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String packagedBinaryName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm");
        if (os.contains("win")) {
            return "redis-server-5.0.14.1-windows-amd64.exe";
        }
        if (os.contains("mac")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
