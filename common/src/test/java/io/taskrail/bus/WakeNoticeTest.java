package io.taskrail.bus;

import io.taskrail.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a notice goes: to one worker, and to every worker when none answers. */
class WakeNoticeTest {
    private final Vertx vertx = Vertx.vertx();
    /** What went to every worker, on tasks:new. */
    private final List<JsonObject> toEvery = new CopyOnWriteArrayList<>();

    WakeNoticeTest() {
        vertx.eventBus().<JsonObject>consumer(Addresses.TASKS_NEW, m -> toEvery.add(m.body())).completion().await();
    }

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void afterANoticeNobodyAnsweredTheQueuesNoticesGoToEveryWorkerForAWhile() {
        // The only "worker" of q hangs: it takes notices and never answers, as a SIGSTOPped one does.
        AtomicInteger picked = new AtomicInteger();
        vertx.eventBus().consumer(Addresses.wake("q"), notice -> picked.incrementAndGet()).completion().await();
        long toEveryForMs = 1_000;
        WakeNotice notices = new WakeNotice(vertx.eventBus(), 100, toEveryForMs);

        notices.send("q", 1);
        Poll.until(Duration.ofSeconds(2), "the unanswered notice told to every worker", () -> toEvery.size() == 1);
        long silenceSeen = System.nanoTime();
        notices.send("q", 2);
        Poll.until(Duration.ofSeconds(2), "the next notice told to every worker", () -> toEvery.size() == 2);
        assertEquals(2, toEvery.get(1).getInteger("count"));
        assertEquals(1, picked.get(), "the next notice went to the hung worker again");

        // Once the while is over, one worker is tried again.
        Poll.until(Duration.ofSeconds(3), "the while over",
                () -> System.nanoTime() - silenceSeen > toEveryForMs * 1_000_000);
        notices.send("q", 3);
        Poll.until(Duration.ofSeconds(2), "the notice after the while picked a worker", () -> picked.get() == 2);
    }

    @Test
    void aQueueNoWorkerFollowsIsToldToEveryWorkerAtOnceAndNextTimeOneIsTriedAgain() {
        WakeNotice notices = new WakeNotice(vertx.eventBus(), 5_000, 60_000);

        notices.send("new", 1);
        // Well before the 5 s reply timeout: with no handler the request fails at once.
        Poll.until(Duration.ofSeconds(2), "told to every worker", () -> toEvery.size() == 1);

        // A worker follows the queue now: no handler a moment ago said nothing about it.
        AtomicInteger picked = new AtomicInteger();
        vertx.eventBus().consumer(Addresses.wake("new"), notice -> {
            picked.incrementAndGet();
            notice.reply(null);
        }).completion().await();
        notices.send("new", 1);
        Poll.until(Duration.ofSeconds(2), "the worker picked", () -> picked.get() == 1);
        assertEquals(1, toEvery.size());
    }
}
