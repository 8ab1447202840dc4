package io.taskrail.worker;

import io.taskrail.TaskStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The queues this worker serves, in the order it asks them: the configured list, or, when none is configured,
 * every queue in the store's registry (in name order), refreshed on each tick and whenever a notice to every worker
 * names a new one.
 */
final class Queues {
    private final List<String> configured;
    private final TaskStore store;
    private final TreeSet<String> discovered = new TreeSet<>();
    private List<String> current;
    private Consumer<String> onAdded = queue -> { };

    Queues(List<String> configured, TaskStore store) {
        this.configured = configured;
        this.store = store;
        this.current = configured;
    }

    /** Calls {@code onAdded} with each queue served from now on: the configured ones at once, the rest as found. */
    void onAdded(Consumer<String> onAdded) {
        this.onAdded = onAdded;
        current.forEach(onAdded);
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
            onAdded.accept(queue);
        }
    }

    /** Re-reads the registry (when every queue is served). */
    Future<Void> refresh() {
        if (!servesAll()) {
            return Future.succeededFuture();
        }
        return store.queues().map(names -> {
            List<String> added = new ArrayList<>();
            for (String name : names) {
                if (discovered.add(name)) {
                    added.add(name);
                }
            }
            if (!added.isEmpty()) {
                current = List.copyOf(discovered);
                added.forEach(onAdded);
            }
            return null;
        });
    }
}
