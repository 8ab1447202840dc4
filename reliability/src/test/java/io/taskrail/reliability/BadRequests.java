package io.taskrail.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generated bad HTTP requests, as raw bytes: random bytes, broken framing, header abuse, deep JSON nesting, huge
 * strings, wrong types, odd unicode and invalid UTF-8, against the routes a service has. Most carry the right token,
 * so they get past authentication to the code that parses them.
 */
final class BadRequests {
    /** One generated request; {@code complete} when its framing is whole, so the server owes it an answer. */
    record Case(String kind, byte[] bytes, boolean complete) {
    }

    private static final List<String> ODD_STRINGS = List.of("\u0000", "\uFEFF", "\u202Eevil", "\uD83D\uDE00",
            "\\ud800", "\\udfff\\ud800", "é", "\u0301", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
            "%00", "${jndi:ldap://x}", "\r\nX-Injected: 1", "a".repeat(70_000), "0".repeat(400));
    private static final List<String> ODD_VALUES = List.of("null", "true", "-1", "0", "1e308", "-1e308", "1.5",
            "9223372036854775808", "\"\"", "[]", "{}", "\"x\"", "[1,2,3]", "{\"a\":{}}", "NaN", "Infinity", "-0");

    private final Random random;
    private final String token;
    private final List<String> getPaths;
    private final List<String> postPaths;

    BadRequests(Random random, String token, List<String> getPaths, List<String> postPaths) {
        this.random = random;
        this.token = token;
        this.getPaths = getPaths;
        this.postPaths = postPaths;
    }

    Case next() {
        return switch (random.nextInt(10)) {
            case 0 -> new Case("random bytes", randomBytes(1 + random.nextInt(4_000)), false);
            case 1 -> post("random body", randomBytes(random.nextInt(8_000)));
            case 2 -> post("deep nesting", deepNesting());
            case 3 -> post("huge string", ("{\"type\":\"" + "x".repeat(random.nextInt(1_200_000))
                    + "\",\"payload\":{}}").getBytes(StandardCharsets.UTF_8));
            case 4 -> post("wrong types", wrongTypes().getBytes(StandardCharsets.UTF_8));
            case 5 -> post("odd unicode", oddUnicode());
            case 6 -> headerAbuse();
            case 7 -> brokenFraming();
            case 8 -> oddPath();
            default -> post("wrong types", wrongTypes().getBytes(StandardCharsets.UTF_8));
        };
    }

    private Case post(String kind, byte[] body) {
        String path = pick(postPaths);
        String head = "POST " + path + " HTTP/1.1\r\nHost: fuzz\r\n" + auth()
                + "Content-Type: " + pick(List.of("application/json", "text/plain", "application/json; charset=latin1",
                "multipart/form-data; boundary=x", "")) + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        return new Case(kind, concat(head.getBytes(StandardCharsets.ISO_8859_1), body), true);
    }

    private String auth() {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "Authorization: Bearer " + "A".repeat(random.nextInt(20_000)) + "\r\n";
            case 2 -> "Authorization: Basic Zm9vOmJhcg==\r\n";
            case 3 -> "Authorization: Bearer " + token.substring(0, token.length() - 1) + "\r\n";
            default -> "Authorization: Bearer " + token + "\r\n";
        };
    }

    private byte[] deepNesting() {
        int depth = 1 + random.nextInt(200_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String inner = open.repeat(depth) + "1" + (random.nextBoolean() ? close.repeat(depth) : "");
        String body = random.nextBoolean() ? inner : "{\"type\":\"t\",\"payload\":{\"x\":" + inner + "}}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private String wrongTypes() {
        String[] fields = {"type", "payload", "priority", "queue", "maxAttempts", "delayMs", "runAt", "timeoutMs",
                "idempotencyKey", "tasks"};
        StringBuilder json = new StringBuilder("{");
        int n = random.nextInt(fields.length + 1);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(fields[random.nextInt(fields.length)]).append("\":")
                    .append(random.nextInt(3) == 0 ? "\"" + escape(pick(ODD_STRINGS)) + "\"" : pick(ODD_VALUES));
        }
        return json.append('}').toString();
    }

    private byte[] oddUnicode() {
        byte[][] invalid = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
        String odd = pick(ODD_STRINGS);
        byte[] prefix = ("{\"type\":\"" + escapeQuotes(odd) + "\",\"queue\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] bad = invalid[random.nextInt(invalid.length)];
        byte[] suffix = "\",\"payload\":{\"k\":\"\\ud800\"}}".getBytes(StandardCharsets.UTF_8);
        return concat(concat(prefix, bad), suffix);
    }

    private Case headerAbuse() {
        StringBuilder head = new StringBuilder("GET " + pick(getPaths) + " HTTP/1.1\r\nHost: fuzz\r\n").append(auth());
        int abuse = random.nextInt(6);
        switch (abuse) {
            case 0 -> head.append("X-Big: ").append("b".repeat(10_000 + random.nextInt(200_000))).append("\r\n");
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(3_000); i++) {
                    head.append("X-H").append(i).append(": v\r\n");
                }
            }
            case 2 -> head.append("Content-Length: 5\r\nContent-Length: 7\r\n");
            case 3 -> head.append("Content-Length: -1\r\n");
            case 4 -> head.append("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n");
            default -> head.append("Host: second\r\nCookie: ").append("c=".repeat(5_000)).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        // Conflicting or chunked framing may leave the server waiting for a body that never comes: no answer owed.
        boolean framed = abuse < 2 || abuse == 5;
        return new Case("header abuse", head.toString().getBytes(StandardCharsets.ISO_8859_1), framed);
    }

    private Case brokenFraming() {
        String path = pick(postPaths);
        String request = switch (random.nextInt(6)) {
            case 0 -> "POST " + path + " HTTP/1.1\r\nHost: f\r\n" + auth()
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\nxx\r\n0\r\n\r\n";
            case 1 -> "POST " + path + " HTTP/1.1\r\nHost: f\r\n" + auth()
                    + "Content-Length: 99999999999999999999\r\nConnection: close\r\n\r\n{}";
            case 2 -> "GET / HTTP/9.9\r\nHost: f\r\nConnection: close\r\n\r\n";
            case 3 -> "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
            case 4 -> "F".repeat(1 + random.nextInt(10_000)) + " / HTTP/1.1\r\nHost: f\r\nConnection: close\r\n\r\n";
            default -> "GET /" + "a".repeat(5_000 + random.nextInt(60_000)) + " HTTP/1.1\r\nHost: f\r\n"
                    + "Connection: close\r\n\r\n";
        };
        return new Case("broken framing", request.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private Case oddPath() {
        String path = pick(getPaths) + pick(List.of("/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f", "?limit=-1",
                "?limit=1e99&cursor=%ZZ", "?status=bogus&type=" + "t".repeat(3_000), "/%00", "/\u00e9", "//",
                "?cursor=" + "Zm9v".repeat(500), "/x;y=z", "?queue=%F0%9F%98%80"));
        String method = pick(List.of("GET", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE", "POST"));
        String request = method + " " + path + " HTTP/1.1\r\nHost: f\r\n" + auth()
                + "Content-Length: 0\r\nConnection: close\r\n\r\n";
        return new Case("odd path", request.getBytes(StandardCharsets.UTF_8), true);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String escape(String s) {
        return escapeQuotes(s).replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\u0000");
    }

    private static String escapeQuotes(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
