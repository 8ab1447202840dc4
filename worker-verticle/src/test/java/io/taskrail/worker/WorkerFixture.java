package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.TaskEvents;
import io.taskrail.bus.WakeNotice;
import io.taskrail.testing.Poll;
import io.taskrail.testing.TestRedis;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Worker verticles on a real Redis (flushed first), with the tasks:events feed collected. Tasks are enqueued through
 * a store of the test's own, and announced as a producer does ({@link WakeNotice}).
 */
public abstract class WorkerFixture {
    protected Vertx vertx;
    protected Redis redis;
    protected TaskStore store;
    /** Announces tasks as a producer does. */
    protected WakeNotice notices;
    protected final ConcurrentLinkedQueue<JsonObject> events = new ConcurrentLinkedQueue<>();

    /** The workers' config: environment variable names. Tests add to it. */
    protected JsonObject config() {
        return new JsonObject().put("REDIS_URL", TestRedis.url()).put("BACKOFF_BASE_MS", "20")
                .put("BACKOFF_JITTER", "0").put("TICK_MS", "200").put("HEARTBEAT_MS", "200");
    }

    @BeforeEach
    void startFixture() {
        vertx = Vertx.vertx();
        notices = new WakeNotice(vertx.eventBus());
        redis = Redis.createClient(vertx, TestRedis.url());
        redis.send(Request.cmd(Command.FLUSHALL)).await();
        store = TaskStore.create(redis, new StoreOptions());
        store.init().await();
        vertx.eventBus().consumer(Addresses.TASKS_EVENTS,
                m -> TaskEvents.forEach(m.body(), events::add)).completion().await();
    }

    @AfterEach
    void stopFixture() {
        vertx.close().await();
    }

    /** Deploys one worker verticle with {@link #config()} plus {@code extra}; answers its deployment id. */
    protected String deployWorker(JsonObject extra) {
        return deployWorker(new WorkerVerticle(), extra);
    }

    protected String deployWorker(WorkerVerticle worker, JsonObject extra) {
        return vertx.deployVerticle(worker, new DeploymentOptions().setConfig(config().mergeIn(extra))).await();
    }

    /** Enqueues and announces, as the producer does. */
    protected String submit(NewTask task) {
        String id = store.enqueue(task).await().taskId();
        notices.send(task.queue(), 1);
        return id;
    }

    protected static NewTask simulate(JsonObject payload) {
        return NewTask.of("simulate", payload);
    }

    protected Task awaitStatus(String id, TaskStatus status, Duration within) {
        Poll.until(within, id + " becomes " + status.wireName(), () -> {
            Task t = store.get(id).await();
            return t != null && t.status() == status;
        });
        return store.get(id).await();
    }

    /** The events published for one task, in order. */
    protected List<String> eventsOf(String id) {
        return events.stream().filter(e -> id.equals(e.getString("taskId"))).map(e -> e.getString("event")).toList();
    }
}
