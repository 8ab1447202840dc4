package io.taskrail.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A client of one service's HTTP API (a producer's, or the monitor's) over java.net.http. Calls never throw for what
 * a server may answer: a connection error or a timeout comes back as a {@link Reply} with status 0 or -1, so a
 * scenario can count them.
 */
final class ServiceApi {
    /** Longer than any answer the producer promises; a request still unanswered by then has hung. */
    static final Duration HANG = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String token;

    ServiceApi(int port) {
        this(port, null);
    }

    /** With {@code token}, every request carries it as a bearer token. */
    ServiceApi(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** status 0: no connection; -1: no answer within {@link #HANG}. */
    record Reply(int status, String body, long millis) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    Reply submit(JsonObject task) {
        return send(HttpRequest.newBuilder(URI.create(base + "/tasks")).POST(body(task)));
    }

    Reply submitBatch(List<JsonObject> tasks) {
        return send(HttpRequest.newBuilder(URI.create(base + "/tasks/batch"))
                .POST(body(new JsonObject().put("tasks", new JsonArray(List.copyOf(tasks))))));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** GET as JSON, when the answer is a 200. */
    Optional<JsonObject> json(String path) {
        Reply reply = get(path);
        return reply.status() == 200 ? Optional.of(reply.json()) : Optional.empty();
    }

    /** The cluster's size as the producer's /health sees it, 0 when it does not answer. */
    int clusterNodes() {
        Reply health = get("/health");
        if (health.status() != 200 && health.status() != 503) {
            return 0;
        }
        return health.json().getJsonObject("cluster", new JsonObject()).getInteger("nodes", 0);
    }

    private static HttpRequest.BodyPublisher body(JsonObject json) {
        return HttpRequest.BodyPublishers.ofString(json.encode());
    }

    private Reply send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            request.timeout(HANG).header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), (System.nanoTime() - start) / 1_000_000);
        } catch (HttpConnectTimeoutException e) {
            return new Reply(0, e.toString(), (System.nanoTime() - start) / 1_000_000);
        } catch (HttpTimeoutException e) {
            return new Reply(-1, e.toString(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            return new Reply(0, e.toString(), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "interrupted", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
