package io.taskrail.bench;

import io.taskrail.Task;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code bench.noop}: does nothing, so the benchmark measures the queue, not the work. */
public class NoopHandler implements TaskHandler {
    @Override
    public String type() {
        return "bench.noop";
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        return Future.succeededFuture();
    }
}
