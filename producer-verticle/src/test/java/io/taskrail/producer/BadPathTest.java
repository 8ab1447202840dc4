package io.taskrail.producer;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadPathTest extends ProducerFixture {

    @Test
    void aPathWithABadEscapeGetsAJson400() throws IOException {
        // No HTTP client library sends one; a raw request does.
        for (String path : new String[] {"/tasks/%zz", "/tasks/%", "/%E0%A4%A"}) {
            String reply = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(reply.startsWith("HTTP/1.1 400"), path + ": " + reply);
            String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
            assertEquals("bad_request", new JsonObject(body).getString("error"), path + ": " + reply);
        }
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", producer.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
