package io.taskrail.store.impl;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Walks the entries of a flat script reply: each entry's count n (an integer), then its n values, as task.lua's
 * appendSized writes them (claims and listings answer so, not with an array per task; see claim.lua).
 */
final class SizedEntries {
    /** One entry: its n values are the reply's from {@code from}. */
    @FunctionalInterface
    interface Entry {
        void accept(int from, int count);
    }

    private SizedEntries() {
    }

    /**
     * Calls {@code entry} for each entry of {@code reply} from index {@code from}. A value that is not a count (a
     * marker such as the claim's 'more') is passed over; returns whether there was one. A count below 0 counts as 0,
     * so the walk always moves on; the caller checks that an entry's values are there.
     */
    static boolean forEach(Response reply, int from, Entry entry) {
        boolean marker = false;
        for (int i = from; i < reply.size(); ) {
            Response element = reply.get(i);
            if (element.type() != ResponseType.NUMBER) {
                marker = true;
                i++;
                continue;
            }
            int count = Math.max(0, element.toInteger());
            entry.accept(i + 1, count);
            i += 1 + count;
        }
        return marker;
    }
}
