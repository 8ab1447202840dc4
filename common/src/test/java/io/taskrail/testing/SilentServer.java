package io.taskrail.testing;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A TCP server that accepts connections and never answers: a Redis that hangs (stopped with SIGSTOP, or behind a
 * network that drops replies) as a client sees it.
 */
public final class SilentServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    public SilentServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Deploys an HTTP service (producer, monitor) on this silent Redis and asserts that it comes up within 10 s and
     * says on /health that it is not ready, rather than waiting for an answer that never comes.
     */
    public static void assertStartsNotReady(VerticleBase service, IntSupplier port) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (SilentServer silent = new SilentServer()) {
            vertx.deployVerticle(service, new DeploymentOptions().setConfig(new JsonObject().put("HTTP_PORT", "0")
                            .put("REDIS_URL", silent.redisUrl()).put("REDIS_TIMEOUT_MS", "300")))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port.getAsInt() + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health.body());
        } finally {
            vertx.close().await();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
