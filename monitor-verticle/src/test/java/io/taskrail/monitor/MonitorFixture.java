package io.taskrail.monitor;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskrail.Completion;
import io.taskrail.NewTask;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.TaskStore;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.TaskEventBatch;
import io.taskrail.testing.TestRedis;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A monitor verticle on a real Redis (flushed first), in a Vert.x with Micrometer metrics on, as MonitorMain runs it.
 * Tasks flow through a store of the test's own, and lifecycle events are published as workers publish them.
 */
public abstract class MonitorFixture {
    protected Vertx vertx;
    protected Redis redis;
    protected TaskStore store;
    protected MonitorVerticle monitor;
    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Held here: Vert.x 5 closes a client that is no longer referenced, and its sockets with it. */
    private final List<WebSocketClient> wsClients = new ArrayList<>();

    protected JsonObject config() {
        return new JsonObject().put("HTTP_PORT", "0").put("REDIS_URL", TestRedis.url()).put("STATS_TICK_MS", "200");
    }

    @BeforeEach
    void deployMonitor() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true).setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
        redis = Redis.createClient(vertx, TestRedis.url());
        redis.send(Request.cmd(Command.FLUSHALL)).await();
        store = TaskStore.create(redis, new StoreOptions());
        store.init().await();
        monitor = new MonitorVerticle();
        vertx.deployVerticle(monitor, new DeploymentOptions().setConfig(config())).await();
    }

    @AfterEach
    void closeMonitor() {
        vertx.close().await();
    }

    /** Enqueues n tasks, then claims and acks {@code complete} of them, publishing events as a worker would. */
    protected List<String> flow(String queue, String type, int n, int complete) {
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(NewTask.of(type, new JsonObject()).withQueue(queue));
        }
        List<String> ids = new ArrayList<>();
        store.enqueueAll(batch).await().forEach(r -> ids.add(r.taskId()));
        if (complete > 0) {
            List<Task> claimed = store.claim(queue, "worker-t", complete, 60_000).await();
            List<Completion> acks = new ArrayList<>();
            for (Task t : claimed) {
                acks.add(new Completion(t.id(), t.leaseToken(), null));
            }
            // As a worker publishes them: the steps of a turn batched in one message.
            vertx.eventBus().publish(Addresses.TASKS_EVENTS, batch("claimed", claimed, 0));
            store.ackAll(acks).await();
            vertx.eventBus().publish(Addresses.TASKS_EVENTS, batch("completed", claimed, 7));
        }
        return ids;
    }

    /** Publishes one step as a message of its own, as workers before batching did. */
    protected void event(String event, Task t, long runMs) {
        vertx.eventBus().publish(Addresses.TASKS_EVENTS, step(event, t, runMs));
    }

    private static String batch(String event, List<Task> tasks, long runMs) {
        TaskEventBatch batch = new TaskEventBatch();
        tasks.forEach(t -> batch.add(event, t.id(), t.type(), t.queue(), "worker-t", 1, 3, runMs,
                System.currentTimeMillis(), null));
        return batch.toMessage();
    }

    private static JsonObject step(String event, Task t, long runMs) {
        return new JsonObject().put("event", event).put("taskId", t.id()).put("type", t.type())
                .put("queue", t.queue()).put("workerId", "worker-t").put("attempt", 1).put("waitMs", 3)
                .put("runMs", runMs).put("ts", System.currentTimeMillis());
    }

    /** A WebSocket client on /ws/stats whose text frames are collected. */
    protected WebSocket connect(String uri, ConcurrentLinkedQueue<JsonObject> frames) {
        WebSocketClient client = vertx.createWebSocketClient();
        wsClients.add(client);
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(monitor.port())
                .setURI(uri)).await();
        ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
        return ws;
    }

    protected HttpResponse<String> get(String path, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port()
                    + path)).timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
