package io.taskrail.bench;

import io.taskrail.Task;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code bench.latency}: records how long after its submission ({@code payload.t0}, System.nanoTime of the same
 * process) the task started.
 */
public class LatencyProbeHandler implements TaskHandler {
    static final ConcurrentLinkedQueue<Double> STARTED_AFTER_MS = new ConcurrentLinkedQueue<>();

    @Override
    public String type() {
        return "bench.latency";
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        STARTED_AFTER_MS.add((System.nanoTime() - task.payload().getLong("t0")) / 1e6);
        return Future.succeededFuture();
    }
}
