package io.taskrail.producer.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Requires {@code Authorization: Bearer <token>} on every route but {@code /health}. Tokens are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, in constant time whatever their lengths.
 */
public final class BearerAuth implements Handler<RoutingContext> {
    private final byte[] expectedDigest;

    public BearerAuth(String token) {
        this.expectedDigest = sha256(token);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if ("/health".equals(ctx.request().path())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : "";
        if (MessageDigest.isEqual(expectedDigest, sha256(presented))) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"taskrail\"");
            ApiErrors.send(ctx, 401, "unauthorized", "a valid bearer token is required");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
