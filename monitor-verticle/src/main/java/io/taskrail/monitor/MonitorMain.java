package io.taskrail.monitor;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskrail.boot.ServiceLauncher;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * Starts a monitor node: clustered Vert.x with Micrometer metrics (Vert.x's own and the JVM's, in one Prometheus
 * registry that {@code /metrics} serves), then {@link MonitorVerticle}, configured from the environment.
 */
public final class MonitorMain {
    private MonitorMain() {
    }

    public static void main(String[] args) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServiceLauncher.run("monitor", MonitorVerticle::new, builder -> builder
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry)));
    }
}
