package io.taskrail.producer;

import io.taskrail.bus.Addresses;
import io.taskrail.bus.WakeNotice;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells the workers of a queue, over the clustered event bus, that tasks are ready ({@link WakeNotice}: to one
 * worker, which passes on what it does not take; a queue's first notice from this producer to every worker),
 * coalesced per queue. The first tasks after a quiet spell are announced at once, so an idle worker hears of them
 * within a millisecond or two; what follows within the window is gathered into one notice at the window's end. So
 * 10,000 submissions a second to a queue cost at most 1000 / window notices a second.
 *
 * <p>Scheduled tasks due within a minute are announced when they come due, so they need not wait for the workers'
 * one-second safety tick. Message: {@code {"queue": "email", "count": 12}} (see {@link Addresses#wake}).
 *
 * <p>Not thread-safe: use it from the verticle's event loop only.
 */
final class NewTaskNotifier {
    private static final long ANNOUNCE_SCHEDULED_WITHIN_MS = 60_000;
    private static final long SLOT_MS = 10;

    private final Vertx vertx;
    private final WakeNotice notices;
    private final long windowMs;
    private final Map<String, Window> windows = new HashMap<>();
    private final Set<String> dueSlots = new HashSet<>();
    /** Queues this producer has announced before. */
    private final Set<String> announced = new HashSet<>();

    NewTaskNotifier(Vertx vertx, long windowMs) {
        this.vertx = vertx;
        this.notices = new WakeNotice(vertx.eventBus());
        this.windowMs = windowMs;
    }

    /** {@code count} tasks of {@code queue} are ready now. */
    void ready(String queue, int count) {
        Window w = windows.computeIfAbsent(queue, q -> new Window());
        long now = System.nanoTime();
        if (w.timer == -1 && now - w.lastPublishNanos >= windowMs * 1_000_000) {
            publish(queue, count, w, now);
            return;
        }
        w.gathered += count;
        if (w.timer == -1) {
            long remainingMs = Math.max(1, windowMs - (now - w.lastPublishNanos) / 1_000_000);
            w.timer = vertx.setTimer(remainingMs, id -> {
                w.timer = -1;
                if (w.gathered > 0) {
                    publish(queue, w.gathered, w, System.nanoTime());
                }
            });
        }
    }

    /**
     * A task of {@code queue} becomes ready in {@code delayMs}; announced then if that is soon. Due times are
     * gathered into 10 ms slots, one timer per queue and slot, so many delayed tasks cost few timers.
     */
    void scheduled(String queue, long delayMs) {
        if (delayMs <= 0 || delayMs > ANNOUNCE_SCHEDULED_WITHIN_MS) {
            return;
        }
        long now = System.currentTimeMillis();
        long slotEnd = (now + delayMs + SLOT_MS - 1) / SLOT_MS * SLOT_MS;
        String slot = queue + '@' + slotEnd;
        if (dueSlots.add(slot)) {
            vertx.setTimer(Math.max(1, slotEnd - now), id -> {
                dueSlots.remove(slot);
                ready(queue, 1);
            });
        }
    }

    private void publish(String queue, int count, Window w, long now) {
        w.gathered = 0;
        w.lastPublishNanos = now;
        if (announced.add(queue)) {
            // Workers serving every queue learn of a new one from a notice to every worker, and follow it from then
            // on; sent point to point, it could reach only workers that follow it already.
            notices.toEvery(queue, count);
        } else {
            notices.send(queue, count);
        }
    }

    private static final class Window {
        long lastPublishNanos = System.nanoTime() - Long.MAX_VALUE / 2;
        long timer = -1;
        int gathered;
    }
}
