package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A badly behaved plugin, for tests: it throws an Error instead of failing its future. */
public class ExplodingHandler implements TaskHandler {
    @Override
    public String type() {
        return "explode";
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        throw new NoClassDefFoundError("com/example/MissingDependency");
    }
}
