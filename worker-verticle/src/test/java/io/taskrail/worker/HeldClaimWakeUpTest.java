package io.taskrail.worker;

import io.taskrail.Task;
import io.taskrail.TaskStore;
import io.taskrail.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A notice heard while a claim call is in flight waits for the next round: it is neither passed on (every slot but
 * the claim's is free) nor lost. The store is the fixture's real one, except that the test holds each claim's answer.
 */
class HeldClaimWakeUpTest extends WorkerFixture {

    @Test
    void aNoticeHeardDuringAClaimIsAnsweredByTheNextRound() {
        List<Promise<List<Task>>> heldClaims = new CopyOnWriteArrayList<>();
        TaskStore holding = holdingClaims(heldClaims);
        WorkerConfig config = WorkerConfig.from(config().put("WORKER_QUEUES", "q").put("WORKER_CONCURRENCY", "10"));
        Context worker = vertx.getOrCreateContext();
        Promise<Void> listening = Promise.promise();
        worker.runOnContext(v -> {
            Queues queues = new Queues(config.queues(), holding);
            Claimer claimer = new Claimer(holding, queues, "w", config, task -> { },
                    (tasks, announce) -> Future.succeededFuture());
            new WakeUps(vertx.eventBus(), queues, claimer, config.concurrency()).listen().onComplete(listening);
        });
        listening.future().await();

        notices.send("q", 1);
        Poll.until(Duration.ofSeconds(5), "the first notice's claim is in flight", () -> heldClaims.size() == 1);
        notices.send("q", 1);
        // Passed on, the second notice would come back to this, the only worker, still mid-claim, until dropped.
        long passedAndBack = System.nanoTime() + 200_000_000L;
        Poll.until(Duration.ofSeconds(2), "time for any pass to come back", () -> System.nanoTime() >= passedAndBack);
        assertEquals(1, heldClaims.size());

        heldClaims.get(0).complete(List.of());
        Poll.until(Duration.ofSeconds(5), "the next round claims for the second notice", () -> heldClaims.size() == 2);
    }

    /** The fixture's store, with each claim's answer held in a promise for the test to complete. */
    private TaskStore holdingClaims(List<Promise<List<Task>>> heldClaims) {
        return (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("claim")) {
                        Promise<List<Task>> answer = ((io.vertx.core.internal.ContextInternal) vertx
                                .getOrCreateContext()).promise();
                        heldClaims.add(answer);
                        return answer.future();
                    }
                    try {
                        return method.invoke(this.store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
