package io.taskrail.redis;

import io.vertx.redis.client.Response;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** Reads HGETALL answers, which come as a map (RESP3, direct calls) or as a flat array (from a Lua script). */
public final class Hashes {
    private Hashes() {
    }

    /** The hash's fields; empty when the hash does not exist. */
    public static Map<String, String> toMap(Response hash) {
        Map<String, String> fields = new HashMap<>(32);
        forEachField(hash, fields::put);
        return fields;
    }

    /** Each field and its value, in the answer's order (of a field repeated in an array, the last comes last). */
    public static void forEachField(Response hash, BiConsumer<String, String> field) {
        forEachValue(hash, (name, value) -> field.accept(name, value.toString()));
    }

    /** As {@link #forEachField}, with each value as Redis answered it (for a binary value, read as bytes). */
    public static void forEachValue(Response hash, BiConsumer<String, Response> field) {
        if (hash == null) {
            return;
        }
        if (hash.isMap()) {
            for (String name : hash.getKeys()) {
                field.accept(name, hash.get(name));
            }
        } else {
            forEachValue(hash, 0, hash.size(), field);
        }
    }

    /**
     * As {@link #forEachValue(Response, BiConsumer)}, for the fields and values of an array from {@code from} to
     * {@code to} (exclusive): a hash inside a flat reply.
     */
    public static void forEachValue(Response array, int from, int to, BiConsumer<String, Response> field) {
        for (int i = from; i + 1 < to; i += 2) {
            field.accept(array.get(i).toString(), array.get(i + 1));
        }
    }

    /**
     * A numeric field, 0 when absent. A value that is not a number is stored data gone wrong, never a client's
     * mistake: it fails with IllegalStateException (a 500), not NumberFormatException, which callers read as bad input.
     */
    public static long number(Map<String, String> fields, String name) {
        return number(name, fields.get(name));
    }

    /** A numeric field's value, 0 when null; fails like {@link #number(Map, String)}. */
    public static long number(String name, String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("stored field " + name + " is not a number: " + value, e);
        }
    }
}
