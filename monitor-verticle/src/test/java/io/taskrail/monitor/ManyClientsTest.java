package io.taskrail.monitor;

import io.taskrail.testing.CommandStats;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ManyClientsTest extends MonitorFixture {
    private static final int CLIENTS = 150;

    @Test
    void hundredsOfClientsCostOneRedisReadPerTickNotOnePerClient() {
        flow("a", "t", 3, 1);
        flow("b", "t", 3, 1);
        List<ConcurrentLinkedQueue<JsonObject>> feeds = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
            connect("/ws/stats", frames);
            feeds.add(frames);
        }
        Poll.until(Duration.ofSeconds(10), "every client has its snapshot",
                () -> feeds.stream().allMatch(f -> !f.isEmpty()));

        redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).await();
        ConcurrentLinkedQueue<JsonObject> first = feeds.get(0);
        int before = first.size();
        Poll.until(Duration.ofSeconds(10), "ten more ticks", () -> first.size() >= before + 10);
        String stats = CommandStats.read(redis);

        // Each tick reads the queue registry once (SMEMBERS) and runs the stats script once per queue (2 here).
        long registryReads = CommandStats.calls(stats, "smembers");
        long scripts = CommandStats.calls(stats, "evalsha");
        assertTrue(registryReads <= 12, registryReads + " registry reads over ~10 ticks for " + CLIENTS + " clients");
        assertTrue(scripts <= 24, scripts + " stats scripts over ~10 ticks for " + CLIENTS + " clients");
        assertTrue(feeds.stream().allMatch(f -> f.size() >= before), "every client kept getting frames");
    }
}
