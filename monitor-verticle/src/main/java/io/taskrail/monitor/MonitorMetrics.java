package io.taskrail.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskrail.QueueStats;
import io.taskrail.TaskStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Prometheus metrics the monitor serves at {@code /metrics}:
 * <ul>
 *   <li>{@code taskrail_tasks_submitted_total{queue,type}}, from the store's running totals (cluster-wide);</li>
 *   <li>{@code taskrail_tasks_{completed,failed,retried,dead}_total{queue,type}}, from {@code tasks:events};</li>
 *   <li>{@code taskrail_queue_depth{queue,status}} gauges, from the last stats read;</li>
 *   <li>{@code taskrail_task_wait_seconds} and {@code taskrail_task_run_seconds} histograms {@code {queue}};</li>
 *   <li>{@code taskrail_workers}: workers heard from in the last 15 s;</li>
 *   <li>JVM metrics, and Vert.x's own when the monitor runs with metrics on (as {@link MonitorMain} starts it).</li>
 * </ul>
 */
final class MonitorMetrics {
    private final PrometheusMeterRegistry registry;
    private final Map<String, Long> submitted = new ConcurrentHashMap<>();
    private final Map<String, Long> depths = new ConcurrentHashMap<>();

    private MonitorMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** The Vert.x metrics registry when it is a Prometheus one; else a registry of our own, with JVM metrics. */
    static MonitorMetrics create(Supplier<Integer> workerCount) {
        MeterRegistry vertxRegistry = BackendRegistries.getDefaultNow();
        PrometheusMeterRegistry registry;
        if (vertxRegistry instanceof PrometheusMeterRegistry prometheus) {
            registry = prometheus;
        } else {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
        }
        MonitorMetrics metrics = new MonitorMetrics(registry);
        // Strong reference: Micrometer holds a gauge's state weakly, and this lambda is referenced nowhere else.
        Gauge.builder("taskrail.workers", workerCount, s -> s.get()).description("live workers")
                .strongReference(true).register(registry);
        return metrics;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A lifecycle event from {@code tasks:events}. */
    void event(JsonObject e) {
        String event = e.getString("event", "");
        String queue = e.getString("queue", "");
        String type = e.getString("type", "");
        switch (event) {
            case "completed", "failed", "retried", "dead" -> Counter.builder("taskrail.tasks." + event)
                    .tags("queue", queue, "type", type).register(registry).increment();
            default -> {
            }
        }
        if (event.equals("claimed")) {
            timer("taskrail.task.wait", queue).record(Duration.ofMillis(e.getLong("waitMs", 0L)));
        } else if (event.equals("completed") || event.equals("failed")) {
            timer("taskrail.task.run", queue).record(Duration.ofMillis(e.getLong("runMs", 0L)));
        }
    }

    /** The latest stats of a queue: depth gauges and submitted totals. */
    void queue(QueueStats stats) {
        for (TaskStatus status : new TaskStatus[]{TaskStatus.PENDING, TaskStatus.SCHEDULED, TaskStatus.PROCESSING,
                TaskStatus.DEAD}) {
            String key = stats.queue() + '\n' + status.wireName();
            if (depths.put(key, stats.count(status)) == null) {
                Gauge.builder("taskrail.queue.depth", depths, d -> d.getOrDefault(key, 0L))
                        .tags("queue", stats.queue(), "status", status.wireName()).register(registry);
            }
        }
        stats.submittedByType().forEach((type, n) -> {
            String key = stats.queue() + '\n' + type;
            if (submitted.put(key, n) == null) {
                FunctionCounter.builder("taskrail.tasks.submitted", submitted, s -> s.getOrDefault(key, 0L))
                        .tags("queue", stats.queue(), "type", type).register(registry);
            }
        });
    }

    private Timer timer(String name, String queue) {
        return Timer.builder(name).tags("queue", queue).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }
}
