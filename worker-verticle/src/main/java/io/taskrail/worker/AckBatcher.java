package io.taskrail.worker;

import io.taskrail.AckOutcome;
import io.taskrail.Completion;
import io.taskrail.TaskStateException;
import io.taskrail.TaskStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the acks of one event-loop turn into one {@link TaskStore#ackAll} call (one script per queue), so a busy
 * worker pays one round trip for many completions. Each ack still succeeds or fails on its own lease: one the store
 * refuses fails with a {@link TaskStateException}. The batch has one timeout: a call Redis does not answer within it
 * fails every ack in it. Use from the worker's context only.
 */
final class AckBatcher {
    private final Context context;
    private final TaskStore store;
    private final long timeoutMs;
    private List<Completion> completions = new ArrayList<>();
    private List<Promise<Void>> waiting = new ArrayList<>();

    AckBatcher(Context context, TaskStore store, long timeoutMs) {
        this.context = context;
        this.store = store;
        this.timeoutMs = timeoutMs;
    }

    Future<Void> ack(Completion completion) {
        // Bound to the worker's context: a caller's timeout on this future then fires on the worker's event loop.
        // A context-less promise's timeout fires on Netty's global executor thread, and the callbacks after it
        // would touch the worker's state from there.
        Promise<Void> promise = ((ContextInternal) context).promise();
        if (completions.isEmpty()) {
            context.runOnContext(v -> flush());
        }
        completions.add(completion);
        waiting.add(promise);
        return promise.future();
    }

    private void flush() {
        List<Completion> batch = completions;
        List<Promise<Void>> promises = waiting;
        completions = new ArrayList<>();
        waiting = new ArrayList<>();
        // The store's answer may have no context (it joins one call per queue); through a promise of the worker's,
        // the timeout fires on the worker's event loop too (see ack).
        Promise<List<AckOutcome>> answer = ((ContextInternal) context).promise();
        try {
            store.ackAll(batch).onComplete(answer);
        } catch (RuntimeException e) {
            answer.fail(e);
        }
        answer.future().timeout(timeoutMs, TimeUnit.MILLISECONDS).onComplete(ar -> {
            for (int i = 0; i < promises.size(); i++) {
                if (ar.failed()) {
                    promises.get(i).fail(ar.cause());
                } else if (ar.result().get(i).acked()) {
                    promises.get(i).complete();
                } else {
                    promises.get(i).fail(new TaskStateException(ar.result().get(i).error(), batch.get(i).taskId(),
                            null));
                }
            }
        });
    }
}
