package io.taskrail.monitor.ws;

import io.taskrail.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** StatsSocket on real WebSockets: a server of the test's own hands each connection over as the monitor does. */
class StatsSocketTest {
    private Vertx vertx;
    private HttpServer server;
    /** Held for the test: a client nothing refers to is closed, its connections with it. */
    private WebSocketClient client;
    private Context serverContext;
    private final LinkedBlockingQueue<ServerWebSocket> accepted = new LinkedBlockingQueue<>();
    private final StatsSocket sockets = new StatsSocket(1_048_576);

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        serverContext = vertx.getOrCreateContext();
        client = vertx.createWebSocketClient();
        server = onServer(() -> vertx.createHttpServer()
                .requestHandler(request -> request.toWebSocket().onSuccess(accepted::add)).listen(0, "127.0.0.1"))
                .await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void aClientThatClosedBeforeItWasAcceptedIsLeftOutAndOthersStillGetEveryFrame() throws Exception {
        // The monitor accepts a socket only after its first stats read, which can take a while at start; a client
        // that closed meanwhile was kept, and writing to it threw in every later broadcast, before the clients
        // after it were reached.
        WebSocket gone = client.connect(server.actualPort(), "127.0.0.1", "/").await();
        ServerWebSocket goneOnServer = accepted.poll(5, TimeUnit.SECONDS);
        assertNotNull(goneOnServer);
        gone.close().await();
        Poll.until(Duration.ofSeconds(5), "the server sees the close", goneOnServer::isClosed);
        onServer(() -> {
            sockets.accept(goneOnServer, new JsonObject().put("type", "stats"));
            return null;
        });
        assertEquals(0, (int) onServer(sockets::size));

        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        WebSocket live = client.connect(server.actualPort(), "127.0.0.1", "/").await();
        live.textMessageHandler(text -> frames.add(new JsonObject(text)));
        ServerWebSocket liveOnServer = accepted.poll(5, TimeUnit.SECONDS);
        onServer(() -> {
            sockets.accept(liveOnServer, new JsonObject().put("n", 0));
            sockets.broadcast(new JsonObject().put("n", 1));
            return null;
        });

        Poll.until(Duration.ofSeconds(5), "the live client gets the snapshot and the broadcast",
                () -> frames.size() == 2);
        assertEquals(1, frames.stream().skip(1).findFirst().orElseThrow().getInteger("n"));
    }

    /** Runs on the server's event loop, as the monitor uses StatsSocket; waits for the answer. */
    private <T> T onServer(Callable<T> action) {
        Promise<T> answer = Promise.promise();
        serverContext.runOnContext(v -> {
            try {
                answer.complete(action.call());
            } catch (Throwable e) {
                answer.fail(e);
            }
        });
        return answer.future().await();
    }
}
