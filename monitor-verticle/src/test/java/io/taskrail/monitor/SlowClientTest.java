package io.taskrail.monitor;

import io.taskrail.NewTask;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlowClientTest extends MonitorFixture {

    @Override
    protected JsonObject config() {
        return super.config().put("STATS_TICK_MS", "100").put("WS_MAX_BUFFERED_BYTES", "262144");
    }

    @Test
    void aClientThatStopsReadingIsDroppedNotBufferedWithoutBound() throws IOException {
        // Many queues make frames of tens of kilobytes, so a client that never reads fills the buffers in seconds.
        List<NewTask> tasks = new ArrayList<>();
        for (int q = 0; q < 400; q++) {
            tasks.add(NewTask.of("t", new JsonObject()).withQueue("a-queue-with-a-name-long-enough-to-fill-frames-" + q));
        }
        store.enqueueAll(tasks).await();
        ConcurrentLinkedQueue<JsonObject> fastFrames = new ConcurrentLinkedQueue<>();
        connect("/ws/stats", fastFrames);

        try (Socket slow = new Socket()) {
            // A WebSocket handshake by hand, then nothing is ever read.
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", monitor.port()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /ws/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Poll.until(Duration.ofSeconds(5), "both clients connected", () -> monitor.clients() == 2);

            Poll.until(Duration.ofSeconds(60), "the slow client is dropped", () -> monitor.clients() == 1);
        }
        int before = fastFrames.size();
        Poll.until(Duration.ofSeconds(3), "the fast client still gets frames", () -> fastFrames.size() > before + 2);
        assertEquals(1, monitor.clients());
    }
}
