package io.taskrail.worker.handlers;

import io.taskrail.Task;
import io.taskrail.handler.NonRetryableException;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code http}: a webhook delivery. Performs the request the payload describes and returns what came back.
 * <ul>
 *   <li>{@code url} (required, http or https), {@code method} (default GET), {@code headers} (object of strings),
 *       {@code body} (a string, or JSON sent as application/json), {@code timeoutMs} (default 30000);</li>
 *   <li>{@code expectStatus}: a status or a list of them that count as success; default any 2xx.</li>
 * </ul>
 * Result: {@code {status, headers, body}} (body as text, at most 1 MiB kept). Another status fails the attempt:
 * 408, 429 and 5xx are retried; other 4xx are final, as retrying the same request cannot help.
 *
 * <p>{@code HTTP_ALLOWED_HOSTS} (comma-separated; {@code *.example.com} matches subdomains) keeps the handler from
 * being pointed at internal services; when unset, any host may be called.
 */
public class HttpHandler implements TaskHandler {
    private static final int MAX_BODY_CHARS = 1_048_576;
    private WebClient client;
    private List<String> allowedHosts;

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Future<Void> init(Vertx vertx, JsonObject config) {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("taskrail-webhook")
                .setFollowRedirects(false).setConnectTimeout(10_000));
        String hosts = config.getString("HTTP_ALLOWED_HOSTS", "");
        allowedHosts = Arrays.stream(hosts.split(",")).map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).toList();
        return Future.succeededFuture();
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        JsonObject p = task.payload();
        HttpRequest<Buffer> request;
        try {
            request = build(p);
        } catch (IllegalArgumentException | ClassCastException e) {
            return Future.failedFuture(new NonRetryableException("http: " + e.getMessage()));
        }
        Object body = p.getValue("body");
        Future<HttpResponse<Buffer>> sent;
        if (body == null) {
            sent = request.send();
        } else if (body instanceof String text) {
            sent = request.sendBuffer(Buffer.buffer(text));
        } else if (body instanceof JsonObject json) {
            sent = request.sendJsonObject(json);
        } else if (body instanceof JsonArray array) {
            sent = request.sendJson(array);
        } else {
            return Future.failedFuture(new NonRetryableException("http: body must be a string or JSON"));
        }
        Object expected = p.getValue("expectStatus");
        return sent.compose(response -> {
            int status = response.statusCode();
            if (!expected(expected, status)) {
                String message = "http: " + p.getString("url") + " answered " + status;
                boolean retryable = status == 408 || status == 429 || status >= 500 || status < 400;
                return Future.failedFuture(retryable ? new IllegalStateException(message)
                        : new NonRetryableException(message));
            }
            return Future.succeededFuture(result(response));
        });
    }

    private HttpRequest<Buffer> build(JsonObject p) {
        String url = p.getString("url");
        if (url == null) {
            throw new IllegalArgumentException("url is required");
        }
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute http or https URL");
        }
        if (!allowed(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("host " + uri.getHost() + " is not in HTTP_ALLOWED_HOSTS");
        }
        HttpMethod method = HttpMethod.valueOf(p.getString("method", "GET").toUpperCase(Locale.ROOT));
        HttpRequest<Buffer> request = client.requestAbs(method, url).timeout(p.getLong("timeoutMs", 30_000L));
        JsonObject headers = p.getJsonObject("headers", new JsonObject());
        headers.forEach(h -> request.putHeader(h.getKey(), String.valueOf(h.getValue())));
        return request;
    }

    private boolean allowed(String host) {
        if (allowedHosts.isEmpty()) {
            return true;
        }
        for (String entry : allowedHosts) {
            if (entry.equals(host) || entry.startsWith("*.") && host.endsWith(entry.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean expected(Object expected, int status) {
        if (expected == null) {
            return status >= 200 && status < 300;
        }
        if (expected instanceof Number n) {
            return n.intValue() == status;
        }
        if (expected instanceof JsonArray list) {
            return list.stream().anyMatch(s -> s instanceof Number n && n.intValue() == status);
        }
        return false;
    }

    private static JsonObject result(HttpResponse<Buffer> response) {
        JsonObject headers = new JsonObject();
        MultiMap all = response.headers();
        for (String name : all.names()) {
            headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", all.getAll(name)));
        }
        String body = response.bodyAsString();
        if (body != null && body.length() > MAX_BODY_CHARS) {
            body = body.substring(0, MAX_BODY_CHARS);
        }
        return new JsonObject().put("status", response.statusCode()).put("headers", headers).put("body", body);
    }
}
