package io.taskrail.worker;

import io.taskrail.bus.Addresses;
import io.taskrail.bus.WakeNotice;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wakes the claimer when tasks are ready, and passes on what it cannot take. It hears of ready tasks two ways:
 * <ul>
 *   <li>on {@link Addresses#wake} of each queue served, point to point: this worker is the one a notice was sent to.
 *   It answers at once (else the sender tells every worker). With a task in every slot, it passes the notice on at
 *   once; else it claims (in the round that starts next: now, or when the one under way ends), and once that round
 *   is over passes on what it did not take from the queue: nothing if the queue's claim came back short (the queue
 *   is empty), the rest if it filled every slot asked, all of it if earlier queues in this worker's order took the
 *   slots first or the claim failed. A notice still waiting for a round when the round under way fills every slot
 *   is passed on then. So a notice wakes one worker per slots' worth of tasks rather than every worker.</li>
 *   <li>on {@link Addresses#TASKS_NEW}, with every worker: notices nobody answered, a producer's first notice of
 *   each queue (so that workers serving every queue follow it at once), and what is passed on when it is more than
 *   this worker's slots (a backlog for several workers: waking each is then the point).</li>
 * </ul>
 * A pass goes to any worker following the queue, this one included, and the event bus picks in turn from its own
 * count, not by who is idle. A pass of no more than this worker's slots is dropped once the notice has been
 * delivered {@value #MAX_MISSES} times to a worker that took none of it (the same worker may count more than once),
 * or passed {@value #MAX_HOPS} times: a worker that filled its slots claims again as soon as one frees up, and the
 * tick covers the rest. Use from the worker's context only.
 */
final class WakeUps implements Claimer.RoundListener {
    static final int MAX_MISSES = 3;
    static final int MAX_HOPS = 16;

    private final EventBus bus;
    private final WakeNotice notices;
    private final Queues queues;
    private final Claimer claimer;
    private final int concurrency;
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    /** Notices the next claim round answers for, per queue, and those the round in progress does. */
    private Map<String, Owed> owedNextRound = new HashMap<>();
    private Map<String, Owed> owedThisRound = new HashMap<>();
    private boolean stopped;

    WakeUps(EventBus bus, Queues queues, Claimer claimer, int concurrency) {
        this.bus = bus;
        this.notices = new WakeNotice(bus);
        this.queues = queues;
        this.claimer = claimer;
        this.concurrency = concurrency;
    }

    /** Starts listening; completes once the consumers of the queues known now are registered. */
    Future<Void> listen() {
        claimer.listen(this);
        consumers.add(bus.consumer(Addresses.TASKS_NEW, this::onBroadcast));
        queues.onAdded(queue -> {
            // A tick that was under way when the worker began to stop may still find a queue.
            if (!stopped) {
                consumers.add(bus.consumer(Addresses.wake(queue), notice -> onWake(queue, notice)));
            }
        });
        // Those of the configured queues are in by now: onAdded called back with each before it returned.
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
    }

    /**
     * Stops listening (shutdown, before the claimer stops), and passes on the notices a claim round has yet to
     * answer: this worker will not claim again.
     */
    Future<Void> stop() {
        stopped = true;
        owedNextRound.forEach((queue, owed) -> passOn(queue, owed.count, owed.misses + 1, owed.hops + 1));
        owedNextRound.clear();
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }

    @Override
    public boolean starting() {
        Map<String, Owed> answered = owedThisRound;
        owedThisRound = owedNextRound;
        owedNextRound = answered;
        return !owedThisRound.isEmpty();
    }

    @Override
    public void ended(Map<String, Integer> took) {
        owedThisRound.forEach((queue, owed) -> {
            Integer taken = took.get(queue);
            if (taken == null) {
                passOn(queue, owed.count, owed.misses + 1, owed.hops + 1);
            } else if (taken != Claimer.DRAINED && owed.count > taken) {
                passOn(queue, owed.count - taken, owed.misses, owed.hops + 1);
            }
        });
        owedThisRound.clear();
        // With every slot taken, no round starts until one frees up, which may be long: pass on what waits for one.
        if (claimer.full() && !owedNextRound.isEmpty()) {
            owedNextRound.forEach((queue, owed) -> passOn(queue, owed.count, owed.misses + 1, owed.hops + 1));
            owedNextRound.clear();
        }
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
        int hops = intOf(notice.body(), "hops", 0);
        if (claimer.full()) {
            passOn(queue, count, misses + 1, hops + 1);
            return;
        }
        // Answered when the claim round that starts next (now, or when the one in progress ends) is over.
        owedNextRound.merge(queue, new Owed(count, misses, hops), Owed::plus);
        claimer.wake();
    }

    private void passOn(String queue, int count, int misses, int hops) {
        if (count > concurrency) {
            notices.toEvery(queue, count);
        } else if (misses < MAX_MISSES && hops <= MAX_HOPS) {
            notices.pass(queue, count, misses, hops);
        }
    }

    private static int intOf(JsonObject body, String field, int otherwise) {
        return body != null && body.getValue(field) instanceof Number n ? n.intValue() : otherwise;
    }

    /** Tasks announced to this worker for a queue, and how far the notices behind them had come. */
    private record Owed(int count, int misses, int hops) {
        Owed plus(Owed other) {
            return new Owed(count + other.count, Math.max(misses, other.misses), Math.max(hops, other.hops));
        }
    }
}
