package io.taskrail.worker.handlers;

import io.taskrail.Task;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code echo}: returns the payload as the result. */
public class EchoHandler implements TaskHandler {
    @Override
    public String type() {
        return "echo";
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        return Future.succeededFuture(task.payload());
    }
}
