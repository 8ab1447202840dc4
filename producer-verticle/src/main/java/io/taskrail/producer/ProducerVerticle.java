package io.taskrail.producer;

import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.WorkerRegistry;
import io.taskrail.boot.RedisClients;
import io.taskrail.producer.http.ApiErrors;
import io.taskrail.producer.http.BearerAuth;
import io.taskrail.producer.http.DeadLetterRoutes;
import io.taskrail.producer.http.StatusRoutes;
import io.taskrail.producer.http.TaskRoutes;
import io.taskrail.web.ClientRateLimit;
import io.taskrail.web.CorsPolicy;
import io.taskrail.web.MalformedPaths;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The producer: Taskrail's HTTP API. It writes tasks through the {@link TaskStore} and announces ready ones on the
 * clustered event bus ({@link NewTaskNotifier}). Configured by {@link ProducerConfig}.
 */
public class ProducerVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(ProducerVerticle.class);

    private ProducerConfig config;
    private Redis redis;
    private TaskStore store;
    private NewTaskNotifier notifier;
    private HttpServer server;
    private Router router;

    @Override
    public Future<?> start() {
        config = ProducerConfig.from(config());
        redis = RedisClients.create(vertx, config.redisUrl(), config.redisTimeoutMs());
        store = TaskStore.create(redis, config.store());
        notifier = new NewTaskNotifier(vertx, config.notifyWindowMs());
        return loadScripts().compose(v -> listen());
    }

    @Override
    public Future<?> stop() {
        return (server == null ? Future.succeededFuture() : server.close()).eventually(() -> {
            redis.close();
            return Future.succeededFuture();
        });
    }

    /** The HTTP port actually bound (useful with HTTP_PORT=0). */
    public int port() {
        return server.actualPort();
    }

    /** The route table, for tests that check it against the OpenAPI document. */
    Router router() {
        return router;
    }

    /**
     * A Redis that is down at start is no reason not to serve: scripts load on first use once it is back. One that
     * accepts the connection but never answers must not hold the start up either, hence the timeout.
     */
    private Future<Void> loadScripts() {
        return store.init().timeout(config.redisTimeoutMs(), TimeUnit.MILLISECONDS).recover(e -> {
            log.warn("Redis at {} not reachable at start ({}); answering 503 until it is", config.redisUrl(),
                    e.toString());
            return Future.succeededFuture();
        });
    }

    /**
     * Every body here is JSON, whatever its label. {@code curl -d}, as in the README, labels it a form; decoded as one,
     * a body over 1 KB or with a '%' in it would be refused before it is read as JSON.
     */
    private static void readFormBodiesAsJson(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        ctx.next();
    }

    private Future<HttpServer> listen() {
        server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60).setCompressionSupported(true))
                .requestHandler(MalformedPaths.guard(router = buildRouter()));
        return server.listen(config.httpPort())
                .onSuccess(s -> log.info("producer listening on port {}", s.actualPort()));
    }

    private Router buildRouter() {
        Router router = Router.router(vertx);
        TaskRoutes tasks = new TaskRoutes(store, Clock.systemUTC(), config.redisTimeoutMs(), this::announce);
        StatusRoutes status = new StatusRoutes(vertx, redis, store,
                WorkerRegistry.create(redis, config.store(), Clock.systemUTC()), config.redisTimeoutMs());
        DeadLetterRoutes dead = new DeadLetterRoutes(store, config.redisTimeoutMs());

        ApiErrors.install(router);
        CorsPolicy.install(router, config.corsOrigins(), Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE));
        if (config.rateLimitPerSec() > 0) {
            router.route().handler(new ClientRateLimit(config.rateLimitPerSec(), Set.of("/health")));
        }
        if (config.apiToken() != null) {
            router.route().handler(new BearerAuth(config.apiToken()));
        }
        router.route().handler(ProducerVerticle::readFormBodiesAsJson);
        router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));

        router.post("/tasks").handler(tasks::submit);
        router.post("/tasks/batch").handler(tasks::submitBatch);
        router.get("/tasks").handler(tasks::list);
        router.get("/tasks/:id").handler(tasks::get);
        router.delete("/tasks/:id").handler(tasks::cancel);
        router.get("/stats").handler(status::stats);
        router.get("/workers").handler(status::workers);
        router.get("/health").handler(status::health);
        router.get("/dead").handler(dead::list);
        router.post("/dead/retry").handler(dead::retryAll);
        router.post("/dead/:id/retry").handler(dead::retry);
        router.delete("/dead/:id").handler(dead::delete);
        router.delete("/dead").handler(dead::purge);
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml").sendFile("openapi.yaml"));
        return router;
    }

    private void announce(String queue, TaskStatus status, long runInMs) {
        // A task scheduled so near that its time has come by now is announced as ready.
        if (status == TaskStatus.PENDING || runInMs <= 0) {
            notifier.ready(queue, 1);
        } else if (status == TaskStatus.SCHEDULED) {
            notifier.scheduled(queue, runInMs);
        }
    }
}
