package io.taskrail.worker;

import io.taskrail.bus.Addresses;
import io.taskrail.bus.WakeNotice;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Wakes the claimer when tasks are ready. It hears of them two ways:
 * <ul>
 *   <li>on {@link Addresses#wake} of each queue served, point to point: this worker is the one a notice was sent to.
 *   It answers at once (else the sender tells every worker), wakes the claimer, and sends on what its free slots
 *   do not cover to another worker of the queue, so a notice wakes as many idle workers as its tasks need. A notice
 *   that has passed {@value #MAX_MISSES} workers with no free slot is dropped: busy workers claim again as their
 *   slots free up, and the tick covers the rest;</li>
 *   <li>on {@link Addresses#TASKS_NEW}, with every worker: when no worker answered a notice, and from producers of
 *   before point-to-point notices. A worker serving every queue learns new queues here, and follows their
 *   {@code wake} address from then on (as it does for those it finds in the registry at its tick).</li>
 * </ul>
 * Use from the worker's context only.
 */
final class WakeUps {
    static final int MAX_MISSES = 2;

    private final EventBus bus;
    private final Queues queues;
    private final Claimer claimer;
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private final List<Future<Void>> registrations = new ArrayList<>();

    WakeUps(EventBus bus, Queues queues, Claimer claimer) {
        this.bus = bus;
        this.queues = queues;
        this.claimer = claimer;
    }

    /** Starts listening; completes once the consumers of the queues known now are registered. */
    Future<Void> listen() {
        add(bus.consumer(Addresses.TASKS_NEW, this::onBroadcast));
        queues.onAdded(queue -> add(bus.consumer(Addresses.wake(queue), notice -> onWake(queue, notice))));
        return Future.all(registrations).mapEmpty();
    }

    /** Stops listening (shutdown, before the claimer stops). */
    Future<Void> stop() {
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }

    private void add(MessageConsumer<JsonObject> consumer) {
        consumers.add(consumer);
        registrations.add(consumer.completion());
    }

    private void onBroadcast(Message<JsonObject> notice) {
        String queue = notice.body() == null ? null : notice.body().getString("queue");
        if (queue != null && queues.serves(queue)) {
            queues.learn(queue);
            claimer.wake();
        }
    }

    private void onWake(String queue, Message<JsonObject> notice) {
        notice.reply(null);
        int count = Math.max(1, intOf(notice.body(), "count", 1));
        int misses = intOf(notice.body(), "misses", 0);
        int free = claimer.freeSlots();
        claimer.wake();
        if (count > free) {
            int missesNow = free == 0 ? misses + 1 : misses;
            if (missesNow <= MAX_MISSES) {
                WakeNotice.send(bus, queue, count - free, missesNow);
            }
        }
    }

    private static int intOf(JsonObject body, String field, int otherwise) {
        return body != null && body.getValue(field) instanceof Number n ? n.intValue() : otherwise;
    }
}
