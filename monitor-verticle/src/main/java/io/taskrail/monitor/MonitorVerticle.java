package io.taskrail.monitor;

import io.taskrail.TaskStore;
import io.taskrail.boot.BoundedFanout;
import io.taskrail.boot.Health;
import io.taskrail.boot.LogThrottle;
import io.taskrail.boot.RedisClients;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.TaskEvents;
import io.taskrail.monitor.ws.StatsSocket;
import io.taskrail.web.ClientRateLimit;
import io.taskrail.web.CorsPolicy;
import io.taskrail.web.MalformedPaths;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The monitor: follows {@code tasks:events} and {@code workers:heartbeat}, reads queue depths from Redis once a tick,
 * and serves the live feed ({@code /ws/stats}), the dashboard ({@code /}), Prometheus metrics ({@code /metrics}) and
 * {@code /health}. Configured by {@link MonitorConfig}.
 */
public class MonitorVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(MonitorVerticle.class);

    private MonitorConfig config;
    private Redis redis;
    private TaskStore store;
    private StatsCollector stats;
    private StatsSocket sockets;
    private MonitorMetrics metrics;
    private HttpServer server;
    private Health health;
    private boolean refreshing;
    private final LogThrottle readFailureLog = new LogThrottle(10_000);

    @Override
    public Future<?> start() {
        config = MonitorConfig.from(config());
        redis = RedisClients.create(vertx, config.redisUrl(), config.redisTimeoutMs());
        store = TaskStore.create(redis, config.store());
        metrics = MonitorMetrics.create(() -> stats.liveWorkers());
        stats = new StatsCollector(store, config.redisTimeoutMs(), metrics);
        sockets = new StatsSocket(config.maxBufferedBytes());
        health = new Health(vertx, redis, config.redisTimeoutMs());
        return Future.join(
                        vertx.eventBus().consumer(Addresses.TASKS_EVENTS,
                                m -> TaskEvents.forEach(m.body(), event -> {
                                    stats.taskEvent(event);
                                    sockets.taskEvent(event);
                                })).completion(),
                        vertx.eventBus().<JsonObject>consumer(Addresses.WORKERS_HEARTBEAT,
                                m -> stats.heartbeat(m.body())).completion())
                // Redis down or not answering at start: serve anyway (503 from /health), scripts load on first use.
                .compose(v -> store.init().timeout(config.redisTimeoutMs(), TimeUnit.MILLISECONDS)
                        .recover(e -> Future.succeededFuture()))
                .compose(v -> listen())
                .onSuccess(s -> vertx.setPeriodic(1, config.tickMs(), id -> tick()));
    }

    @Override
    public Future<?> stop() {
        return server.close().eventually(() -> {
            redis.close();
            return Future.succeededFuture();
        });
    }

    /** WebSocket clients connected now. */
    int clients() {
        return sockets.size();
    }

    /** The HTTP port actually bound. */
    public int port() {
        return server.actualPort();
    }

    private Future<HttpServer> listen() {
        Router router = Router.router(vertx);
        CorsPolicy.install(router, config.corsOrigins(), Set.of(HttpMethod.GET, HttpMethod.POST));
        if (config.rateLimitPerSec() > 0) {
            router.route().handler(new ClientRateLimit(config.rateLimitPerSec(), Set.of("/health", "/metrics")));
        }
        if (config.apiToken() != null) {
            router.route().handler(new MonitorAuth(config.apiToken()));
        }
        router.get("/ws/stats").handler(this::upgrade);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
        router.get("/health").handler(this::health);
        router.post("/api/dead/retry").handler(this::retryDead);
        // vertx-web's StaticHandler throws (index out of range) when the file part of the path, decoded, climbs
        // to nothing, as in //..%2f..%2f (found by the fuzzer): no page of ours has a ".." in its path.
        router.get("/*").handler(ctx -> {
            String file = ctx.pathParam("*");
            if (file != null && Arrays.asList(file.replace('\\', '/').split("/")).contains("..")) {
                error(ctx, 400, "bad_request", "the path is not valid");
            } else {
                ctx.next();
            }
        });
        router.get("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
        router.route().failureHandler(MonitorVerticle::failed);
        router.errorHandler(404, ctx -> error(ctx, 404, "not_found", "no route " + ctx.request().path()));
        router.errorHandler(405, ctx -> error(ctx, 405, "method_not_allowed", "method not allowed"));
        // The idle timeout closes connections that went quiet (half-open, abandoned); a WebSocket is never idle, as
        // it gets a frame every tick, or a ping when there is no frame to send.
        server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60))
                .requestHandler(MalformedPaths.guard(router));
        return server.listen(config.httpPort()).onSuccess(s -> log.info("monitor listening on port {}",
                s.actualPort()));
    }

    /** One Redis read, then a frame to every client; a tick that finds the last read still running is skipped. */
    private void tick() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        stats.refresh().onComplete(ar -> {
            refreshing = false;
            if (ar.succeeded()) {
                sockets.broadcast(ar.result());
                return;
            }
            sockets.ping();
            if (readFailureLog.suppressedSinceLast() >= 0) {
                log.warn("stats read failed: {}", ar.cause().toString());
            }
        });
    }

    private void upgrade(RoutingContext ctx) {
        if (!ctx.request().canUpgradeToWebSocket()) {
            error(ctx, 400, "bad_request", "this route is a WebSocket");
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            if (stats.frame() != null) {
                sockets.accept(ws, stats.frame());
            } else {
                // No read yet (the monitor just started): read now so the client still begins with a snapshot. The
                // socket is paused meanwhile: a command the client sends at once (subscribe) waits for its handler
                // instead of being dropped.
                ws.pause();
                stats.refresh().onComplete(ar -> {
                    sockets.accept(ws, stats.frame());
                    ws.resume();
                });
            }
        }).onFailure(e -> error(ctx, 400, "bad_request", "WebSocket handshake refused: " + e.getMessage()));
    }

    private void health(RoutingContext ctx) {
        health.check().onSuccess(state -> ctx.response()
                .setStatusCode(Health.isUp(state) ? 200 : 503).putHeader("Content-Type", "application/json")
                .end(state.encode()));
    }

    /** {@code POST /api/dead/retry?queue=}: retries the dead letters of one queue, or of all; {@code {retried}}. */
    private void retryDead(RoutingContext ctx) {
        String queue = ctx.request().getParam("queue");
        if (queue != null && !queue.matches("[A-Za-z0-9._-]{1,64}")) {
            error(ctx, 400, "bad_request", "queue must match [A-Za-z0-9._-]{1,64}");
            return;
        }
        Future<List<String>> queues = queue != null ? Future.succeededFuture(List.of(queue)) : store.queues();
        BoundedFanout.map(queues, store::retryAllDead, config.redisTimeoutMs() * 10)
                .timeout(config.redisTimeoutMs() * 10, TimeUnit.MILLISECONDS)
                .onSuccess(all -> {
                    long retried = all.stream().mapToLong(Long::longValue).sum();
                    ctx.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("retried", retried).encode());
                })
                .onFailure(e -> error(ctx, 503, "unavailable", "the task store is unreachable; retry shortly"));
    }

    /** A request a handler failed: its own 4xx (CORS refusing an origin: 403) as JSON; anything else is a bug. */
    private static void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status >= 400 && status < 500) {
            error(ctx, status, status == 403 ? "forbidden" : "bad_request",
                    ctx.failure() == null ? "request refused" : ctx.failure().getMessage());
        } else if (ctx.failure() instanceof IllegalArgumentException bad) {
            // What decoding a malformed request fails with (a bad %-escape in the query, say).
            error(ctx, 400, "bad_request", bad.getMessage());
        } else {
            log.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            error(ctx, 500, "internal", "unexpected server error");
        }
    }

    private static void error(RoutingContext ctx, int status, String error, String detail) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", error).put("detail", detail).encode());
    }
}
