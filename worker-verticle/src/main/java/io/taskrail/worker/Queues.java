package io.taskrail.worker;

import io.taskrail.TaskStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The queues this worker serves, in the order it asks them: the configured list, or, when none is configured,
 * every queue in the store's registry (in name order), refreshed on each tick and on each notice of a new queue.
 */
final class Queues {
    private final List<String> configured;
    private final TaskStore store;
    private final TreeSet<String> discovered = new TreeSet<>();
    private List<String> current;

    Queues(List<String> configured, TaskStore store) {
        this.configured = configured;
        this.store = store;
        this.current = configured;
    }

    /** True if every queue is served, new ones included. */
    boolean servesAll() {
        return configured.isEmpty();
    }

    boolean serves(String queue) {
        return servesAll() || configured.contains(queue);
    }

    /** The queues to ask, in order. */
    List<String> current() {
        return current;
    }

    /** A notice named this queue: serve it from now on if every queue is served. */
    void learn(String queue) {
        if (servesAll() && discovered.add(queue)) {
            current = List.copyOf(discovered);
        }
    }

    /** Re-reads the registry (when every queue is served). */
    Future<Void> refresh() {
        if (!servesAll()) {
            return Future.succeededFuture();
        }
        return store.queues().map(names -> {
            discovered.addAll(names);
            current = List.copyOf(new ArrayList<>(discovered));
            return null;
        });
    }
}
