package io.taskrail.handler;

import io.taskrail.Task;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Runs the tasks of one type. Workers find handlers with {@link java.util.ServiceLoader}: to add task types, put a
 * jar on a worker's classpath that lists its classes in {@code META-INF/services/io.taskrail.handler.TaskHandler}.
 * A handler needs a public no-argument constructor; one instance serves every task of its type on a worker, so
 * {@link #handle} may be called many times at once.
 *
 * <p>{@link #handle} must not block: it runs on the worker's event loop. A handler that blocks (file or image work,
 * a blocking client) says so with {@link #blocking()}, and is then called on a worker thread, where it may block and
 * return a completed future.
 *
 * <p>A failed future fails the attempt: the task retries with backoff while attempts are left. Fail with
 * {@link NonRetryableException} when retrying cannot help (bad input); the task then goes straight to dead.
 */
public interface TaskHandler {

    /** The task type this handler runs, e.g. {@code "email.send"}. */
    String type();

    /** Runs one attempt of the task; completes with its JSON result (may be null). */
    Future<JsonObject> handle(Task task);

    /**
     * Called once when the worker starts, with the worker's config (environment variable names as keys). A failed
     * future stops the worker from starting.
     */
    default Future<Void> init(Vertx vertx, JsonObject config) {
        return Future.succeededFuture();
    }

    /** True if {@link #handle} blocks; it is then called off the event loop. Default false. */
    default boolean blocking() {
        return false;
    }

    /** The attempt timeout, in ms, for tasks of this type that set none; 0 means the worker's default. */
    default long defaultTimeoutMs() {
        return 0;
    }
}
