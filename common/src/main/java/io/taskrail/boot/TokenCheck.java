package io.taskrail.boot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented API token with the configured one in constant time, whatever their lengths: both are hashed
 * with SHA-256 and the digests compared with {@link MessageDigest#isEqual}.
 */
public final class TokenCheck {
    private final byte[] expectedDigest;

    public TokenCheck(String token) {
        this.expectedDigest = sha256(token);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive), or null. */
    public static String bearer(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorizationHeader.substring(7).trim();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
