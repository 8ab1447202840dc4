package io.taskrail.boot;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Starts one Taskrail service: a clustered Vert.x (see {@link ClusterConfig}) with the service's verticle deployed,
 * configured from the environment (the verticle's config holds the environment variables by name). SIGTERM or
 * Ctrl-C undeploys the verticle, which lets it shut down gracefully, then leaves the cluster.
 */
public final class ServiceLauncher {
    private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

    private ServiceLauncher() {
    }

    public static void run(String service, Supplier<? extends Deployable> verticle) {
        run(service, verticle, UnaryOperator.identity());
    }

    /** As {@link #run(String, Supplier)}, with {@code customize} adding to the Vert.x builder (metrics, say). */
    public static void run(String service, Supplier<? extends Deployable> verticle,
                           UnaryOperator<VertxBuilder> customize) {
        Map<String, String> env = System.getenv();
        Vertx vertx;
        try {
            vertx = customize.apply(Vertx.builder())
                    .withClusterManager(new HazelcastClusterManager(ClusterConfig.fromEnv(env)))
                    .buildClustered()
                    .await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("{}: could not join the cluster", service, e);
            System.exit(1);
            return;
        }
        Vertx node = vertx;
        vertx.deployVerticle(verticle.get(), new DeploymentOptions().setConfig(new JsonObject(Map.copyOf(env))))
                .onSuccess(id -> log.info("{} started", service))
                .onFailure(e -> {
                    log.error("{} failed to start", service, e);
                    node.close().onComplete(closed -> System.exit(1));
                });
        // A worker may let running tasks finish for SHUTDOWN_GRACE_MS (up to an hour) before it releases the rest and
        // leaves: the hook must wait that long too, or the JVM exits mid-drain with tasks still leased.
        long waitMs = 120_000 + graceMs(env);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("{} stopping", service);
            try {
                node.close().await(waitMs, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("{} did not stop cleanly: {}", service, e.toString());
            }
        }, service + "-shutdown"));
    }

    /** SHUTDOWN_GRACE_MS as the worker reads it; 0 when unset or not a number (the worker then refuses to start). */
    static long graceMs(Map<String, String> env) {
        try {
            return Math.max(0, Long.parseLong(env.getOrDefault("SHUTDOWN_GRACE_MS", "0").trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
