package io.taskrail.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Submits tasks over HTTP from several client threads at an offered rate, in batches of {@code batchSize} (1:
 * single POSTs), until stopped. It keeps every accepted task id with the time of its 202, counts answers by status,
 * and the slowest refusal, so a scenario can tell "failed fast" from "hung".
 */
final class Load implements AutoCloseable {
    /** A task the producer accepted, and when (System.currentTimeMillis) its 202 arrived. */
    record Accepted(String id, long atMillis) {
    }

    private final List<ServiceApi> producers;
    private final Supplier<JsonObject> tasks;
    private final int batchSize;
    private final double tasksPerSecond;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong nextSendNanos = new AtomicLong(System.nanoTime());
    private final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
    private final LongAccumulator slowestRefusedMs = new LongAccumulator(Math::max, 0);
    private final List<Thread> clients = new ArrayList<>();

    /**
     * Starts {@code clientCount} threads, each sending to the producers in turn. The rate counts tasks, not requests.
     */
    Load(List<ServiceApi> producers, int clientCount, double tasksPerSecond, int batchSize,
         Supplier<JsonObject> tasks) {
        this.producers = List.copyOf(producers);
        this.tasks = tasks;
        this.batchSize = batchSize;
        this.tasksPerSecond = tasksPerSecond;
        for (int i = 0; i < clientCount; i++) {
            int first = i;
            Thread client = new Thread(() -> run(first), "load-" + i);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
    }

    private void run(int client) {
        long intervalNanos = (long) (1e9 * batchSize / tasksPerSecond);
        int turn = client;
        while (running.get()) {
            long due = nextSendNanos.getAndAdd(intervalNanos);
            long wait = due - System.nanoTime();
            if (wait < -1_000_000_000L) {
                // Fell more than a second behind (the service was slow or down): offer the rate from now on
                // rather than a catch-up burst.
                nextSendNanos.set(System.nanoTime());
            }
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!running.get()) {
                return;
            }
            ServiceApi producer = producers.get(turn++ % producers.size());
            if (batchSize == 1) {
                record(producer.submit(tasks.get()));
            } else {
                List<JsonObject> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    batch.add(tasks.get());
                }
                record(producer.submitBatch(batch));
            }
        }
    }

    private void record(ServiceApi.Reply reply) {
        answers.computeIfAbsent(reply.status(), s -> new LongAdder()).increment();
        if (reply.status() != 202) {
            slowestRefusedMs.accumulate(reply.millis());
            return;
        }
        long now = System.currentTimeMillis();
        JsonObject body = reply.json();
        if (body.containsKey("taskId")) {
            accepted.add(new Accepted(body.getString("taskId"), now));
        } else {
            JsonArray ids = body.getJsonArray("taskIds");
            for (int i = 0; i < ids.size(); i++) {
                accepted.add(new Accepted(ids.getString(i), now));
            }
        }
    }

    /** Stops sending and waits for requests in flight to be answered. */
    @Override
    public void close() {
        running.set(false);
        for (Thread client : clients) {
            try {
                client.join(ServiceApi.HANG.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** Answers by HTTP status; 0 = no connection, -1 = no answer within {@link ServiceApi#HANG}. */
    Map<Integer, Long> answers() {
        Map<Integer, Long> out = new TreeMap<>();
        answers.forEach((status, n) -> out.put(status, n.sum()));
        return out;
    }

    long answered(int status) {
        LongAdder n = answers.get(status);
        return n == null ? 0 : n.sum();
    }

    long slowestRefusedMs() {
        return slowestRefusedMs.get();
    }
}
