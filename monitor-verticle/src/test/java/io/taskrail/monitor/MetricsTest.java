package io.taskrail.monitor;

import io.taskrail.Task;
import io.taskrail.bus.Addresses;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest extends MonitorFixture {

    @Test
    void metricsAreServedInPrometheusTextFormatWithTaskQueueWorkerJvmAndVertxMetrics() {
        flow("email", "send", 6, 4);
        Task failing = store.claim("email", "worker-t", 1, 60_000).await().get(0);
        store.fail(failing.id(), failing.leaseToken(), "boom", true).await();
        event("failed", failing, 5);
        event("retried", failing, 5);
        vertx.eventBus().publish(Addresses.WORKERS_HEARTBEAT, new JsonObject().put("id", "w1").put("inFlight", 1));

        Poll.until(Duration.ofSeconds(5), "the depth gauges after a stats read", () -> Double.valueOf(1.0)
                .equals(scrape().get("taskrail_queue_depth{queue=\"email\",status=\"scheduled\"}")));
        Map<String, Double> m = scrape();

        assertEquals(6.0, m.get("taskrail_tasks_submitted_total{queue=\"email\",type=\"send\"}"));
        assertEquals(4.0, m.get("taskrail_tasks_completed_total{queue=\"email\",type=\"send\"}"));
        assertEquals(1.0, m.get("taskrail_tasks_failed_total{queue=\"email\",type=\"send\"}"));
        assertEquals(1.0, m.get("taskrail_tasks_retried_total{queue=\"email\",type=\"send\"}"));
        assertEquals(1.0, m.get("taskrail_queue_depth{queue=\"email\",status=\"pending\"}"));
        assertEquals(1.0, m.get("taskrail_queue_depth{queue=\"email\",status=\"scheduled\"}"));
        assertEquals(4.0, m.get("taskrail_task_wait_seconds_count{queue=\"email\"}"));
        assertEquals(5.0, m.get("taskrail_task_run_seconds_count{queue=\"email\"}"));
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("taskrail_task_run_seconds_bucket{")),
                "a histogram");
        assertEquals(1.0, m.get("taskrail_workers"));
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")), "JVM metrics");
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("vertx_http_server_")), "Vert.x metrics");
    }

    /** Parses the exposition format: every sample line as name{labels} to value. */
    private Map<String, Double> scrape() {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
