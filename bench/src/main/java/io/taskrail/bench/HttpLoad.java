package io.taskrail.bench;

import io.taskrail.producer.ProducerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Submissions through a producer verticle in this JVM, over real HTTP on loopback. */
final class HttpLoad {
    private final Vertx vertx;
    private final HttpClient client;
    private final int port;

    private HttpLoad(Vertx vertx, HttpClient client, int port) {
        this.vertx = vertx;
        this.client = client;
        this.port = port;
    }

    static HttpLoad start(Vertx vertx, String redisUrl) {
        ProducerVerticle producer = new ProducerVerticle();
        JsonObject config = new JsonObject().put("HTTP_PORT", "0").put("REDIS_URL", redisUrl)
                // The benchmark is one client pushing as hard as it can: the per-client limit would measure itself.
                .put("RATE_LIMIT_PER_SEC", "0");
        // The producer's default unless set, for trying others.
        String window = System.getenv("NOTIFY_WINDOW_MS");
        if (window != null) {
            config.put("NOTIFY_WINDOW_MS", window);
        }
        vertx.deployVerticle(producer, new DeploymentOptions().setConfig(config)).await();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(100));
        return new HttpLoad(vertx, client, producer.port());
    }

    /** POSTs {@code requests} bodies, {@code inFlight} at a time; answers when all got 202. */
    Future<Void> post(String path, int requests, int inFlight, IntFunction<JsonObject> body) {
        AtomicInteger next = new AtomicInteger();
        Promise<Void> done = Promise.promise();
        AtomicInteger lanesLeft = new AtomicInteger(inFlight);
        for (int lane = 0; lane < inFlight; lane++) {
            vertx.runOnContext(v -> lane(path, requests, next, body, done, lanesLeft));
        }
        return done.future();
    }

    /** One POST, at once; completes when it got 202. */
    Future<Void> postOne(String path, JsonObject body) {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setPort(port).setHost("127.0.0.1")
                        .setURI(path))
                .compose(request -> request.send(Buffer.buffer(body.encode())))
                .compose(response -> response.statusCode() == 202 ? response.body().mapEmpty()
                        : Future.failedFuture("HTTP " + response.statusCode()));
    }

    private void lane(String path, int requests, AtomicInteger next, IntFunction<JsonObject> body,
                      Promise<Void> done, AtomicInteger lanesLeft) {
        int i = next.getAndIncrement();
        if (i >= requests) {
            if (lanesLeft.decrementAndGet() == 0) {
                done.tryComplete();
            }
            return;
        }
        postOne(path, body.apply(i)).onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
            } else {
                lane(path, requests, next, body, done, lanesLeft);
            }
        });
    }

    /** A batch body of {@code size} no-op tasks. */
    static JsonObject batch(int size) {
        JsonArray tasks = new JsonArray();
        for (int i = 0; i < size; i++) {
            tasks.add(new JsonObject().put("type", "bench.noop").put("payload", new JsonObject().put("x", 1)));
        }
        return new JsonObject().put("tasks", tasks);
    }
}
