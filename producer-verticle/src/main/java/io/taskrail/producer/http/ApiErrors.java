package io.taskrail.producer.http;

import io.taskrail.InvalidTaskException;
import io.taskrail.QueueFullException;
import io.taskrail.StoreError;
import io.taskrail.TaskStateException;
import io.taskrail.boot.LogThrottle;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses, all shaped {@code {error, detail}}. A client's mistake is a 4xx; a
 * Redis that cannot be reached, or does not answer in time, is a 503 with Retry-After; only a bug is a 500.
 */
public final class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    /** While Redis is down every request fails alike: one line a second says so without flooding the log. */
    private static final LogThrottle unavailableLog = new LogThrottle(1_000);

    private ApiErrors() {
    }

    /** Installs the failure handler and the router's 404/405 answers. */
    public static void install(Router router) {
        router.route().failureHandler(ApiErrors::handle);
        router.errorHandler(404, ctx -> send(ctx, 404, "not_found", "no route " + ctx.request().path()));
        router.errorHandler(405, ctx -> send(ctx, 405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
    }

    private static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure == null) {
            int status = ctx.statusCode();
            switch (status) {
                case 413 -> send(ctx, 413, "payload_too_large", "the request body is over the size limit");
                case 401 -> send(ctx, 401, "unauthorized", "a valid bearer token is required");
                case 404 -> send(ctx, 404, "not_found", "no route " + ctx.request().path());
                default -> send(ctx, status, "error", "request failed with status " + status);
            }
            return;
        }
        if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            // A handler that failed the request with a status of its own (CORS refusing an origin: 403).
            String detail = failure == null || failure.getMessage() == null ? "the request could not be read"
                    : failure.getMessage();
            send(ctx, ctx.statusCode(), ctx.statusCode() == 403 ? "forbidden" : "bad_request", detail);
        } else if (failure instanceof ApiException api) {
            send(ctx, api.status(), api.error(), api.getMessage());
        } else if (failure instanceof InvalidTaskException invalid) {
            ctx.response().setStatusCode(400);
            respond(ctx, new JsonObject().put("error", "invalid_task").put("detail", invalid.getMessage())
                    .put("field", invalid.field()));
        } else if (failure instanceof DecodeException) {
            send(ctx, 400, "malformed_json", "the body is not valid JSON");
        } else if (failure instanceof TaskStateException state) {
            if (state.error() == StoreError.NOT_FOUND) {
                send(ctx, 404, "not_found", state.getMessage());
            } else {
                send(ctx, 409, "conflict", state.getMessage());
            }
        } else if (failure instanceof QueueFullException full) {
            ctx.response().putHeader("Retry-After", "1");
            send(ctx, 429, "queue_full", full.getMessage());
        } else if (failure instanceof IllegalArgumentException bad) {
            // Also what the HTTP decoder fails with for a malformed request (a bad chunk size, a bad %-escape).
            send(ctx, 400, "bad_request", bad.getMessage());
        } else if (isRedisUnavailable(failure)) {
            long suppressed = unavailableLog.suppressedSinceLast();
            if (suppressed >= 0) {
                log.warn("store unavailable for {} {}: {} ({} more such refusals since the last report)",
                        ctx.request().method(), ctx.request().path(), failure, suppressed);
            }
            ctx.response().putHeader("Retry-After", "1");
            send(ctx, 503, "unavailable", "the task store is unreachable; retry shortly");
        } else {
            log.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
            send(ctx, 500, "internal", "unexpected server error");
        }
    }

    /** Redis error replies that mean "not now" (loading, failing over, busy, full) rather than a bug. */
    private static final java.util.List<String> TRANSIENT_REPLIES = java.util.List.of("LOADING", "READONLY",
            "MASTERDOWN", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS", "OOM", "CONNECTION_CLOSED");

    /**
     * Everything the Redis client fails with for a Redis that is down, restarting, failing over or too slow:
     * connection refused or closed (the client's own CONNECTION_CLOSED error for a command in flight when the
     * connection dropped: it may or may not have run, which is why clients retry with an idempotencyKey), pool
     * exhausted, our own timeouts, and the transient error replies. Other Redis
     * error replies (a script error, say) are bugs: 500.
     */
    private static boolean isRedisUnavailable(Throwable failure) {
        if (failure instanceof java.util.concurrent.TimeoutException
                || failure instanceof java.net.ConnectException
                || failure instanceof java.io.IOException
                || failure instanceof io.netty.channel.ConnectTimeoutException) {
            return true;
        }
        String message = String.valueOf(failure.getMessage());
        return failure instanceof io.vertx.core.VertxException
                || TRANSIENT_REPLIES.stream().anyMatch(message::startsWith)
                || message.contains("Connection") || message.contains("pool");
    }

    static void send(RoutingContext ctx, int status, String error, String detail) {
        ctx.response().setStatusCode(status);
        respond(ctx, new JsonObject().put("error", error).put("detail", detail));
    }

    private static void respond(RoutingContext ctx, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            // Too late for an error answer (the request broke while its response was under way): reset it.
            ctx.response().reset();
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}
