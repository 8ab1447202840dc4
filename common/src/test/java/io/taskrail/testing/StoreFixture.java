package io.taskrail.testing;

import io.taskrail.StoreOptions;
import io.taskrail.TaskStore;
import io.taskrail.redis.RedisKeys;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the store tests: a real Redis (flushed before each test), a Vert.x Redis client, and a store whose clock
 * the test moves. Tests run on the JUnit thread, which may {@code await()} futures (it is not an event loop).
 */
public abstract class StoreFixture {
    protected Vertx vertx;
    protected Redis redis;
    protected MutableClock clock;
    protected TaskStore store;
    protected final RedisKeys keys = new RedisKeys("tr");

    @BeforeEach
    void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(TestRedis.url())
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(1024));
        redis.send(Request.cmd(Command.FLUSHALL)).await();
        clock = new MutableClock();
        store = TaskStore.create(redis, options(), clock);
        store.init().await();
        // Loading the scripts can take a while on a cold JVM: start the test at the real time again, so a claim's
        // "now" is never so far behind Redis's clock that the claim is refused as stale.
        clock.advance(Math.max(0, System.currentTimeMillis() - clock.millis()));
    }

    /** The store's options; tests override to shorten retention or backoff. */
    protected StoreOptions options() {
        return new StoreOptions();
    }

    @AfterEach
    void close() {
        redis.close();
        vertx.close().await();
    }

    /** Runs a raw command, to check Redis through the same key names the store uses. */
    protected Response raw(Command command, Object... args) {
        Request request = Request.cmd(command);
        for (Object arg : args) {
            request.arg(arg.toString());
        }
        return redis.send(request).await();
    }

    /** The names of the fields of a task's own hash; empty when it has none. */
    protected List<String> hashFields(String taskId) {
        List<String> fields = new ArrayList<>();
        raw(Command.HKEYS, keys.task(taskId)).forEach(field -> fields.add(field.toString()));
        return fields;
    }

    /** How many ready tasks the queue's lists hold, as Redis counts them; cancelled entries not yet popped left out. */
    protected long readyCount(String queue) {
        Response count = raw(Command.HGET, keys.queue(queue).readyInfo(), "count");
        return count == null ? 0 : count.toLong();
    }
}
