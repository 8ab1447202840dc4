package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.locks.LockSupport;

/** A blocking handler that holds its thread for {@code payload.ms}, ignoring any timeout; for tests. */
public class HangingHandler implements TaskHandler {
    @Override
    public String type() {
        return "hang";
    }

    @Override
    public boolean blocking() {
        return true;
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        LockSupport.parkNanos(task.payload().getLong("ms") * 1_000_000L);
        return Future.succeededFuture(new JsonObject());
    }
}
