package io.taskrail.monitor;

import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.ServiceProcess;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A redis-server of its own (started here), the services' fat jars started for a test as JVMs of their own (logs
 * under target/), an HTTP client for their APIs, and one close for all of them.
 */
final class ClusterServices implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final EmbeddedRedis redis = EmbeddedRedis.startEphemeral();
    private final String logPrefix;

    ClusterServices(String logPrefix) {
        this.logPrefix = logPrefix;
    }

    String redisUrl() {
        return redis.url();
    }

    /** Starts {@code service} ("producer", "worker", "monitor") with the {@code common} settings and its own. */
    ServiceProcess start(String service, Map<String, String> common, Map<String, String> own, String name) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        ServiceProcess process = ServiceProcess.start(ServiceProcess.jar(service), env,
                Path.of("target", logPrefix + "-" + name + ".log"));
        processes.add(process);
        return process;
    }

    /** POSTs {@code body} and expects 202; answers the reply. */
    JsonObject post(int port, String path, JsonObject body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    /** GETs {@code path}; {@code "{}"} when the service does not answer (yet). */
    String body(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "{}";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "{}";
        }
    }

    @Override
    public void close() {
        processes.forEach(ServiceProcess::close);
        redis.close();
    }
}
