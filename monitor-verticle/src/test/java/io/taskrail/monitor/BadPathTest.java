package io.taskrail.monitor;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadPathTest extends MonitorFixture {

    @Test
    void aPathThatNormalizesToNothingIsA400NotA500() {
        // Found by the fuzzer (reliability/FuzzIT): the static file handler threw on it.
        HttpResponse<String> reply = get("//..%2f..%2f");

        assertEquals(400, reply.statusCode(), reply.body());
        assertEquals("bad_request", new JsonObject(reply.body()).getString("error"));
        assertEquals(404, get("/../../etc/passwd").statusCode(), "traversal finds nothing");
    }

    @Test
    void aPathWithABadEscapeGetsAJson400() throws IOException {
        // No HTTP client library sends one; a raw request does. The router answered in plain text.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", monitor.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
            assertEquals("bad_request", new JsonObject(reply.substring(reply.indexOf("\r\n\r\n") + 4))
                    .getString("error"), reply);
        }
    }
}
