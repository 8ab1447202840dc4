package io.taskrail.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One request as raw bytes on a fresh TCP connection, so a fuzzer can send what no HTTP client would, and what came
 * back: the status of the first response line, or none when the server closed or said nothing.
 */
final class RawExchange {
    /** {@code status} 0: closed without an answer; -1: no answer within the wait. */
    record Answer(int status, String head) {
    }

    private RawExchange() {
    }

    static Answer send(int port, byte[] request, int waitMs) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(waitMs);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException closedWhileSending) {
                // The server may refuse mid-request (a body over the limit): what it answered still counts.
            }
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            return new Answer(-1, "");
        } catch (IOException e) {
            return new Answer(0, e.toString());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        int n = 0;
        int read;
        while (n < buffer.length && (read = in.read(buffer, n, buffer.length - n)) > 0) {
            n += read;
            if (new String(buffer, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n")) {
                break;
            }
        }
        String head = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        if (head.startsWith("HTTP/1.") && head.length() >= 12) {
            try {
                return new Answer(Integer.parseInt(head.substring(9, 12)), head.lines().findFirst().orElse(""));
            } catch (NumberFormatException e) {
                return new Answer(0, head);
            }
        }
        return new Answer(0, head);
    }
}
