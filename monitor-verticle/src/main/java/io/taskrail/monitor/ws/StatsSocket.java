package io.taskrail.monitor.ws;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code /ws/stats} clients. Each gets the latest stats frame on connect, then every frame the monitor
 * broadcasts (one encoding shared by all clients). A client may also ask for a sample of the task events:
 * <pre>
 *   → {"type":"subscribe", "events": true, "perSecond": 20}    (1..200, default 20)
 *   ← {"type":"subscribed", "perSecond": 20}                   events follow from here on
 *   ← {"type":"event", "task": {"event":"completed", "taskId", "type", "queue", ...}}
 *                                                   at most perSecond a second; the rest are skipped
 *   → {"type":"unsubscribe"}   ← {"type":"unsubscribed"}
 * </pre>
 * A client that does not keep up (more than the buffer limit waiting to be sent, answers to its commands included)
 * is closed with 1008 and no longer read, rather than buffered without bound. Use from the monitor's event loop
 * only.
 */
public final class StatsSocket {
    private static final Logger log = LoggerFactory.getLogger(StatsSocket.class);
    private static final int DEFAULT_EVENTS_PER_SECOND = 20;
    private static final int MAX_EVENTS_PER_SECOND = 200;

    private final int maxBufferedBytes;
    private final Map<ServerWebSocket, Client> clients = new LinkedHashMap<>();

    public StatsSocket(int maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /** A new client: send it {@code snapshot} (if there is one yet) and keep it for the broadcasts. */
    public void accept(ServerWebSocket ws, JsonObject snapshot) {
        // It may have closed while the first stats were read (see MonitorVerticle): kept, it would never be removed,
        // and writing to it throws.
        if (ws.isClosed()) {
            return;
        }
        Client client = new Client(ws);
        ws.setWriteQueueMaxSize(maxBufferedBytes);
        ws.closeHandler(v -> clients.remove(ws));
        ws.exceptionHandler(e -> clients.remove(ws));
        ws.textMessageHandler(text -> command(client, text));
        clients.put(ws, client);
        if (snapshot != null) {
            send(client, snapshot.encode());
        }
    }

    public int size() {
        return clients.size();
    }

    /** Sends a stats frame to every client, encoded once for all of them. */
    public void broadcast(JsonObject frame) {
        String encoded = frame.encode();
        for (Client client : clients.values().toArray(new Client[0])) {
            send(client, encoded);
        }
    }

    /**
     * Pings every client: while Redis cannot be read there are no frames, and a WebSocket with no traffic would
     * be closed by the server's idle timeout (a ping also finds clients that went away without closing).
     */
    public void ping() {
        for (Client client : clients.values().toArray(new Client[0])) {
            try {
                if (!client.ws.writeQueueFull()) {
                    client.ws.writePing(Buffer.buffer());
                }
            } catch (IllegalStateException closed) {
                clients.remove(client.ws);
            }
        }
    }

    /** Offers a task event to the clients that subscribed, within each one's rate. */
    public void taskEvent(JsonObject event) {
        String encoded = null;
        long now = System.currentTimeMillis();
        for (Client client : clients.values().toArray(new Client[0])) {
            if (client.eventsPerSecond > 0 && client.take(now)) {
                if (encoded == null) {
                    encoded = new JsonObject().put("type", "event").put("task", event).encode();
                }
                send(client, encoded);
            }
        }
    }

    /** Every frame to a client goes through here, replies to its commands too, so that none is buffered unbounded. */
    private void send(Client client, String frame) {
        if (clients.get(client.ws) != client) {
            return;
        }
        try {
            if (client.ws.writeQueueFull()) {
                log.info("dropping a WebSocket client that does not keep up ({} bytes waiting)", maxBufferedBytes);
                drop(client);
                return;
            }
            client.ws.writeTextMessage(frame);
        } catch (IllegalStateException closed) {
            // Closed before its close handler ran.
            clients.remove(client.ws);
        }
    }

    /**
     * Forgets a client and stops reading from it: a client that does not read but keeps sending would otherwise have
     * every command answered into a queue that only grows, as the close frame waits behind what it never read.
     */
    private void drop(Client client) {
        clients.remove(client.ws);
        client.ws.textMessageHandler(null);
        client.ws.pause();
        client.ws.close((short) 1008, "too slow: frames were piling up");
    }

    private void command(Client client, String text) {
        JsonObject command;
        try {
            command = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            send(client, new JsonObject().put("type", "error").put("detail", "not a JSON object").encode());
            return;
        }
        switch (command.getString("type", "")) {
            case "subscribe" -> {
                Object rate = command.getValue("perSecond", DEFAULT_EVENTS_PER_SECOND);
                int perSecond = rate instanceof Number n ? n.intValue() : DEFAULT_EVENTS_PER_SECOND;
                client.eventsPerSecond = Math.max(1, Math.min(MAX_EVENTS_PER_SECOND, perSecond));
                client.tokens = client.eventsPerSecond;
                send(client, new JsonObject().put("type", "subscribed").put("perSecond", client.eventsPerSecond)
                        .encode());
            }
            case "unsubscribe" -> {
                client.eventsPerSecond = 0;
                send(client, new JsonObject().put("type", "unsubscribed").encode());
            }
            default -> send(client, new JsonObject().put("type", "error")
                    .put("detail", "unknown command; use subscribe or unsubscribe").encode());
        }
    }

    /** One client and its event budget (a token bucket refilled every second). */
    private static final class Client {
        final ServerWebSocket ws;
        int eventsPerSecond;
        double tokens;
        long refilledAt = System.currentTimeMillis();

        Client(ServerWebSocket ws) {
            this.ws = ws;
        }

        boolean take(long now) {
            tokens = Math.min(eventsPerSecond, tokens + (now - refilledAt) * eventsPerSecond / 1000.0);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
