package io.taskrail.producer;

import com.hazelcast.config.Config;
import io.taskrail.boot.ClusterConfig;
import io.taskrail.bus.Addresses;
import io.taskrail.bus.WakeNotice;
import io.taskrail.redis.EmbeddedRedis;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import io.taskrail.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The producer fat jar in a JVM of its own joins a Hazelcast cluster, and a node in another JVM (this test's) hears
 * its notices on the clustered event bus: a queue's first to every node, the next to the node that follows it.
 */
class ClusteredProducerIT {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ServiceProcess producer;
    private Vertx node;

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (node != null) {
            node.close().await();
        }
    }

    @Test
    void aProducerInItsOwnJvmAnnouncesTasksToTheCluster() throws Exception {
        String cluster = "it-" + UUID.randomUUID();
        int port = EmbeddedRedis.freePort();
        producer = ServiceProcess.start(ServiceProcess.jar("producer"), Map.of(
                "REDIS_URL", TestRedis.url(), "HTTP_PORT", Integer.toString(port), "CLUSTER_NAME", cluster),
                Path.of("target", "it-producer.log"));

        Config config = ClusterConfig.fromEnv(Map.of("CLUSTER_NAME", cluster));
        node = Vertx.builder().withClusterManager(new HazelcastClusterManager(config)).buildClustered()
                .await(60, TimeUnit.SECONDS);
        ConcurrentLinkedQueue<JsonObject> notices = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<JsonObject> toEvery = new ConcurrentLinkedQueue<>();
        node.eventBus().<JsonObject>consumer(Addresses.wake("clustered"), m -> {
            notices.add(m.body());
            m.reply(null);
        }).completion().await();
        node.eventBus().<JsonObject>consumer(Addresses.TASKS_NEW, m -> toEvery.add(m.body())).completion().await();

        Poll.until(Duration.ofSeconds(60), "the producer is up and sees both nodes " + producer,
                () -> health(port).contains("\"nodes\":2"));
        // A queue's first notice goes to every node (workers serving every queue learn of it), the next to one.
        submit(port, "clustered");
        Poll.until(Duration.ofSeconds(10), "the first notice crosses the cluster to every node",
                () -> !toEvery.isEmpty());
        assertEquals("clustered", toEvery.peek().getString("queue"));
        long sent = System.nanoTime();
        submit(port, "clustered");
        Poll.until(Duration.ofSeconds(10), "the next crosses the cluster to the queue's worker",
                () -> !notices.isEmpty());
        assertEquals("clustered", notices.peek().getString("queue"));
        // Had the answer not crossed back, the producer would tell every node once its wait for it ran out.
        long waitedOut = sent + (WakeNotice.REPLY_TIMEOUT_MS + 200) * 1_000_000;
        Poll.until(Duration.ofSeconds(2), "the producer's wait for an answer is over",
                () -> System.nanoTime() >= waitedOut);
        assertEquals(1, toEvery.size(), "the answered notice did not also go to every node: " + toEvery);
    }

    private void submit(int port, String queue) throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/tasks")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"t\",\"payload\":{},\"queue\":\"" + queue + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
    }

    @Test
    void aWrongClusterConfigPathStopsTheServiceWithAClearMessage() throws Exception {
        Path log = Path.of("target", "it-producer-bad-config.log");
        java.nio.file.Files.deleteIfExists(log);
        producer = ServiceProcess.start(ServiceProcess.jar("producer"), Map.of("REDIS_URL", TestRedis.url(),
                "HTTP_PORT", "0", "CLUSTER_CONFIG", "/no/such/cluster.xml"), log);
        Poll.until(Duration.ofSeconds(30), "the producer exits", () -> !producer.isAlive());
        String output = java.nio.file.Files.readString(log);
        org.junit.jupiter.api.Assertions.assertTrue(output.contains("CLUSTER_CONFIG=/no/such/cluster.xml"), output);
        org.junit.jupiter.api.Assertions.assertNotEquals(0, producer.exitCode());
    }

    private String health(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception notYet) {
            return "";
        }
    }
}
