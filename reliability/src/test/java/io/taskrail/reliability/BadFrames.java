package io.taskrail.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Generated WebSocket abuse against the monitor's /ws/stats, as raw bytes on one connection: a handshake (sometimes
 * broken), then frames no client should send: reserved opcodes and bits, unmasked frames, lengths that lie, oversized
 * control frames, invalid UTF-8, junk and deeply nested JSON, and the subscribe message with wrong types.
 */
final class BadFrames {
    private final Random random;
    private final String token;

    BadFrames(Random random, String token) {
        this.random = random;
        this.token = token;
    }

    /** A handshake followed by a few bad frames; {@code kind} says which handshake. */
    BadRequests.Case next() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String key = Base64.getEncoder().encodeToString(bytes(16));
        String kind;
        String handshake;
        switch (random.nextInt(6)) {
            case 0 -> {
                kind = "bad handshake";
                handshake = "GET /ws/stats HTTP/1.1\r\nHost: f\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: " + (random.nextBoolean() ? "99" : "") + "\r\n"
                        + (random.nextBoolean() ? "" : "Sec-WebSocket-Key: short\r\n")
                        + "Authorization: Bearer " + token + "\r\n\r\n";
            }
            case 1 -> {
                kind = "handshake without token";
                handshake = upgrade(key, "");
            }
            default -> {
                kind = "bad frames";
                handshake = upgrade(key, "Authorization: Bearer " + token + "\r\n");
            }
        }
        out.writeBytes(handshake.getBytes(StandardCharsets.ISO_8859_1));
        if (kind.equals("bad frames")) {
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                out.writeBytes(frame());
            }
        }
        return new BadRequests.Case(kind, out.toByteArray(), !kind.equals("bad frames"));
    }

    private static String upgrade(String key, String auth) {
        return "GET /ws/stats HTTP/1.1\r\nHost: f\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key + "\r\n" + auth + "\r\n";
    }

    private byte[] frame() {
        byte[] payload = switch (random.nextInt(7)) {
            case 0 -> bytes(random.nextInt(300));
            case 1 -> new byte[]{(byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
            case 2 -> ("[".repeat(1 + random.nextInt(30_000))).getBytes(StandardCharsets.UTF_8);
            case 3 -> pick(List.of("{\"type\":\"subscribe\",\"queues\":123}", "{\"type\":[]}", "{\"type\":null}",
                    "{\"type\":\"subscribe\",\"queues\":[{},{},null,1]}", "null", "\"\"", "{}",
                    "{\"type\":\"subscribe\",\"queues\":[\"" + "q".repeat(10_000) + "\"]}"))
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> "x".repeat(70_000 + random.nextInt(200_000)).getBytes(StandardCharsets.UTF_8);
            default -> "{\"type\":\"subscribe\"}".getBytes(StandardCharsets.UTF_8);
        };
        int opcode = random.nextInt(4) == 0 ? random.nextInt(16) : (random.nextBoolean() ? 1 : 2);
        boolean fin = random.nextInt(5) != 0;
        int rsv = random.nextInt(6) == 0 ? (1 + random.nextInt(7)) << 4 : 0;
        boolean masked = random.nextInt(6) != 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | rsv | opcode);
        long declared = random.nextInt(10) == 0 ? (random.nextBoolean() ? Long.MAX_VALUE : payload.length + 1_000L)
                : payload.length;
        int maskBit = masked ? 0x80 : 0;
        if (declared < 126) {
            out.write(maskBit | (int) declared);
        } else if (declared <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (declared >> 8));
            out.write((int) declared);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (declared >> shift));
            }
        }
        byte[] mask = bytes(4);
        if (masked) {
            out.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
