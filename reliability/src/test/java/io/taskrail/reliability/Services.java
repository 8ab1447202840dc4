package io.taskrail.reliability;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fat jars of one scenario, each a separate JVM in a cluster of the scenario's own name, all sharing one
 * environment (Redis, timings) plus their own. Logs go to {@code target/reliability/logs/<scenario>/<name>.log}.
 * Closing stops every process still running (SIGTERM, then SIGKILL).
 */
final class Services implements AutoCloseable {
    private final Path logs;
    private final Map<String, String> common = new HashMap<>();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();
    /** Should the test JVM itself die, the services go with it rather than linger on their ports. */
    private final Thread killOnExit = new Thread(() -> processes.forEach(ServiceProcess::kill), "services-kill");

    Services(String scenario, String redisUrl) {
        logs = Path.of("target", "reliability", "logs", scenario);
        try {
            Files.createDirectories(logs);
            // Each run's logs only: a service log is appended to, so a rerun would mix in the last run's.
            try (var old = Files.list(logs)) {
                for (Path log : old.toList()) {
                    Files.delete(log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        common.putAll(Map.of("REDIS_URL", redisUrl, "CLUSTER_NAME", scenario + "-" + UUID.randomUUID(),
                "LEASE_MS", "2000", "TICK_MS", "200", "BACKOFF_BASE_MS", "50", "STATS_TICK_MS", "500",
                "RATE_LIMIT_PER_SEC", "0"));
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Something to stop before the services, whatever way the scenario ends (a load generator, say). */
    <T extends AutoCloseable> T closeFirst(T resource) {
        closeFirst.add(resource);
        return resource;
    }

    /** Adds to (or overrides) the environment every process started from now on gets. */
    Services with(String name, String value) {
        common.put(name, value);
        return this;
    }

    /** A producer answering HTTP on {@code port}. */
    ServiceProcess producer(String name, int port) {
        return start("producer", name, Map.of("HTTP_PORT", Integer.toString(port)), List.of());
    }

    ServiceProcess monitor(String name, int port) {
        return start("monitor", name, Map.of("HTTP_PORT", Integer.toString(port)), List.of());
    }

    ServiceProcess worker(String name) {
        return start("worker", name, Map.of(), List.of());
    }

    /** Any service, with its own environment added, started through {@code launcher} (empty: directly). */
    ServiceProcess start(String service, String name, Map<String, String> own, List<String> launcher) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        ServiceProcess process = ServiceProcess.start(launcher, ServiceProcess.jar(service), env,
                logs.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : closeFirst) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        processes.forEach(ServiceProcess::close);
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    static int freePort() {
        return EmbeddedRedis.freePort();
    }
}
