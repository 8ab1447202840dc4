package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.locks.LockSupport;

/**
 * A misbehaving non-blocking handler: holds the event loop for {@code payload.ms}, then returns a future that never
 * completes; for tests.
 */
public class StallingHandler implements TaskHandler {
    @Override
    public String type() {
        return "stall";
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        // parkNanos may return early: park until the whole hold has passed, so the test's lower bound holds.
        long until = System.nanoTime() + task.payload().getLong("ms") * 1_000_000L;
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return Promise.<JsonObject>promise().future();
    }
}
