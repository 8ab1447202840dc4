package io.taskrail.worker.handlers;

import io.taskrail.Task;
import io.taskrail.handler.NonRetryableException;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code simulate}: stand-in work for demos, tests and benchmarks. Payload:
 * <ul>
 *   <li>{@code ms}: how long the attempt takes (a timer, not a blocked thread); default 0;</li>
 *   <li>{@code failAttempts}: the first this-many attempts fail; default 0;</li>
 *   <li>{@code failRate}: each attempt also fails with this probability, 0..1; default 0;</li>
 *   <li>{@code failMessage}: the error of a failed attempt; default "simulated failure".</li>
 * </ul>
 * Result: {@code {"attempt": n, "ms": ms}}.
 */
public class SimulateHandler implements TaskHandler {
    private Vertx vertx;

    @Override
    public String type() {
        return "simulate";
    }

    @Override
    public Future<Void> init(Vertx vertx, JsonObject config) {
        this.vertx = vertx;
        return Future.succeededFuture();
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        JsonObject p = task.payload();
        long ms;
        int failAttempts;
        double failRate;
        try {
            ms = p.getLong("ms", 0L);
            failAttempts = p.getInteger("failAttempts", 0);
            failRate = p.getDouble("failRate", 0.0);
        } catch (ClassCastException e) {
            return Future.failedFuture(new NonRetryableException("simulate: ms, failAttempts and failRate must be "
                    + "numbers"));
        }
        if (ms < 0 || ms > 86_400_000 || failRate < 0 || failRate > 1) {
            return Future.failedFuture(new NonRetryableException("simulate: ms must be 0..86400000 and failRate "
                    + "0..1"));
        }
        boolean fails = task.attempts() <= failAttempts || ThreadLocalRandom.current().nextDouble() < failRate;
        String message = p.getValue("failMessage") instanceof String m ? m : "simulated failure";
        JsonObject result = new JsonObject().put("attempt", task.attempts()).put("ms", ms);
        if (ms == 0) {
            return fails ? Future.failedFuture(message) : Future.succeededFuture(result);
        }
        Promise<JsonObject> done = Promise.promise();
        vertx.setTimer(ms, id -> {
            if (fails) {
                done.fail(message);
            } else {
                done.complete(result);
            }
        });
        return done.future();
    }
}
