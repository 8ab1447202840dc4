package io.taskrail.store.impl;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Walks the entries of a flat script reply: each entry's count n (an integer), then its n values, as task.lua's
 * appendSized writes them (claims and listings answer so, not with an array per task; see claim.lua).
 *
 * <p>A cursor, not a callback per entry, so that the caller's loop calls its decoder directly: with a callback and
 * a lambda between the loop and the decoder, the JIT compiled every one of those levels on its own, each time with
 * the whole decode inlined (about 0.4 s of C2's time in a fresh worker's first 50,000 claimed tasks).
 */
final class SizedEntries {
    private final Response reply;
    private int next;
    private int from;
    private int count;
    private boolean marker;

    /** The entries of {@code reply} from index {@code start}. */
    SizedEntries(Response reply, int start) {
        this.reply = reply;
        this.next = start;
    }

    /**
     * Moves to the next entry; false when there is none. A value that is not a count (a marker such as the claim's
     * 'more') is passed over, and noted. A count is held between 0 and the values left, so the walk always moves on
     * and ends; the caller checks that an entry has the values it needs.
     */
    boolean next() {
        while (next < reply.size()) {
            Response element = reply.get(next);
            if (element.type() == ResponseType.NUMBER) {
                from = next + 1;
                count = (int) Math.min(Math.max(0, element.toLong()), reply.size() - from);
                next = from + count;
                return true;
            }
            marker = true;
            next++;
        }
        return false;
    }

    /** Where the current entry's values start in the reply. */
    int from() {
        return from;
    }

    /** How many values the current entry has. */
    int count() {
        return count;
    }

    /** Whether the walk so far passed over a value that is not a count. */
    boolean sawMarker() {
        return marker;
    }
}
