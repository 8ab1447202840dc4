package io.taskrail;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Task ids: {@code <queue>:<ulid>}. The queue comes first so that a client holding only the id can be answered
 * (the id names the queue, and so the Redis hash slot, to look in); queue names cannot contain {@code ':'}. The ULID
 * part (48-bit time, 80 random bits, Crockford base 32) sorts by creation time and never collides in practice; the ids
 * are not secrets, and must not be used as such.
 */
public final class TaskIds {
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

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
        // Uniqueness, not secrecy, is asked of these bits: a per-thread generator avoids SecureRandom's lock.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 10; i < 26; i++) {
            long bits = i < 22 ? high >>> ((i - 10) * 5) : low >>> ((i - 22) * 5);
            ulid[i] = CROCKFORD[(int) (bits & 31)];
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
