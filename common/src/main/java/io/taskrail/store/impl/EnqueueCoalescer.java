package io.taskrail.store.impl;

import io.taskrail.EnqueueResult;
import io.taskrail.InvalidTaskException;
import io.taskrail.NewTask;
import io.taskrail.QueueFullException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.netty.channel.EventLoop;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Merges the single enqueues made on one event-loop thread in one turn of its loop into one enqueue script call, so
 * a producer answering many requests at once writes them to Redis together: one round trip and one script run for
 * the lot, not one each. Nothing waits for company: the batch goes out when the turn ends. Enqueues made off an
 * event-loop thread go alone.
 *
 * <p>Each task keeps its own answer. A merged call is all or nothing like any enqueue, so when the queue is full, a
 * new queue would be one too many, or a task cannot be sent at all (a payload that does not encode), the tasks are
 * tried again one by one, in order, and each gets its own verdict. A batch holds at most {@value #MAX_MERGED} tasks,
 * which keeps a merged call's size within reason even for large payloads and gains nearly all there is to gain.
 */
final class EnqueueCoalescer {
    static final int MAX_MERGED = 100;
    private final Function<List<NewTask>, Future<List<EnqueueResult>>> enqueueAll;
    /** The batch each event loop is filling; only its thread touches it. */
    private final Map<EventLoop, Batch> open = new ConcurrentHashMap<>();

    EnqueueCoalescer(Function<List<NewTask>, Future<List<EnqueueResult>>> enqueueAll) {
        this.enqueueAll = enqueueAll;
    }

    Future<EnqueueResult> enqueue(NewTask task) {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        // Only on an event-loop thread itself: code in executeBlocking sees its caller's context from a pool thread,
        // and a worker context may run on several threads at once; those enqueue on their own.
        if (context == null || !context.isEventLoopContext() || !context.nettyEventLoop().inEventLoop()) {
            return one(task);
        }
        EventLoop thread = context.nettyEventLoop();
        Batch batch = open.get(thread);
        if (batch == null) {
            batch = new Batch();
            open.put(thread, batch);
            Batch scheduled = batch;
            context.runOnContext(v -> flush(thread, scheduled));
        }
        // Each answer comes back on its caller's own context.
        Promise<EnqueueResult> answer = context.promise();
        batch.tasks.add(task);
        batch.answers.add(answer);
        if (batch.tasks.size() >= MAX_MERGED) {
            flush(thread, batch);
        }
        return answer.future();
    }

    private void flush(EventLoop thread, Batch batch) {
        if (!open.remove(thread, batch)) {
            return;
        }
        if (batch.tasks.size() == 1) {
            one(batch.tasks.get(0)).onComplete(batch.answers.get(0));
            return;
        }
        Future<List<EnqueueResult>> merged;
        try {
            merged = enqueueAll.apply(batch.tasks);
        } catch (RuntimeException unsendable) {
            // Thrown before anything was sent (a payload that does not encode): only that task's caller should see it.
            oneByOne(batch, 0);
            return;
        }
        merged.onComplete(ar -> {
            if (ar.succeeded()) {
                for (int i = 0; i < batch.answers.size(); i++) {
                    batch.answers.get(i).complete(ar.result().get(i));
                }
            } else if (ar.cause() instanceof QueueFullException || ar.cause() instanceof InvalidTaskException) {
                // A full queue, or one queue too many: refused for the lot, though it may concern only some.
                oneByOne(batch, 0);
            } else {
                batch.answers.forEach(answer -> answer.fail(ar.cause()));
            }
        });
    }

    /** In order, each after the one before. */
    private void oneByOne(Batch batch, int from) {
        if (from < batch.tasks.size()) {
            one(batch.tasks.get(from)).onComplete(ar -> {
                batch.answers.get(from).handle(ar);
                oneByOne(batch, from + 1);
            });
        }
    }

    private Future<EnqueueResult> one(NewTask task) {
        try {
            return enqueueAll.apply(List.of(task)).map(results -> results.get(0));
        } catch (RuntimeException unsendable) {
            return Future.failedFuture(unsendable);
        }
    }

    private static final class Batch {
        final List<NewTask> tasks = new ArrayList<>();
        final List<Promise<EnqueueResult>> answers = new ArrayList<>();
    }
}
