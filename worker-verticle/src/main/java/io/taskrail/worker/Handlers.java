package io.taskrail.worker;

import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The task handlers on this worker's classpath, found by {@link ServiceLoader}, by type. */
final class Handlers {
    private static final Logger log = LoggerFactory.getLogger(Handlers.class);

    private final Map<String, TaskHandler> byType = new TreeMap<>();

    Handlers() {
        for (TaskHandler handler : ServiceLoader.load(TaskHandler.class)) {
            TaskHandler previous = byType.put(handler.type(), handler);
            if (previous != null) {
                log.warn("two handlers for type {}: {} replaces {}", handler.type(), handler.getClass().getName(),
                        previous.getClass().getName());
            }
        }
    }

    /** Initialises every handler; fails if one does. */
    Future<Void> init(Vertx vertx, JsonObject config) {
        return Future.all(byType.values().stream().map(h -> h.init(vertx, config)).toList())
                .onSuccess(v -> log.info("task handlers: {}", byType.keySet()))
                .mapEmpty();
    }

    /** The handler of a type, or null. */
    TaskHandler get(String type) {
        return byType.get(type);
    }
}
