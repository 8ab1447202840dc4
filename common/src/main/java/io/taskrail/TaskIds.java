package io.taskrail;

import java.security.SecureRandom;

/**
 * Task ids: {@code <queue>:<ulid>}. The queue comes first so that a client holding only the id can be answered
 * (the id names the queue, and so the Redis hash slot, to look in); queue names cannot contain {@code ':'}. The ULID
 * part (48-bit time, 80 random bits, Crockford base 32) sorts by creation time and never collides in practice.
 */
public final class TaskIds {
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TaskIds() {
    }

    /** A new id for a task of this queue, created at {@code nowMs}. */
    public static String newId(String queue, long nowMs) {
        char[] ulid = new char[26];
        long time = nowMs;
        for (int i = 9; i >= 0; i--) {
            ulid[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        for (int i = 10; i < 26; i++) {
            ulid[i] = CROCKFORD[random[i - 10] & 31];
        }
        return queue + ':' + new String(ulid);
    }

    /** The queue named by an id, or {@code null} when the string is not a well-formed task id. */
    public static String queueOf(String id) {
        if (id == null) {
            return null;
        }
        int colon = id.indexOf(':');
        if (colon < 1 || colon > 64 || colon == id.length() - 1 || id.length() - colon - 1 > 64) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean nameChar = Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-';
            if (!nameChar && i != colon) {
                return null;
            }
        }
        return id.substring(0, colon);
    }
}
