package io.taskrail.store.impl;

import java.nio.charset.StandardCharsets;

/**
 * A task's creation fields as the scripts pack them ({@code packTask} in {@code lua/includes/task.lua}): a MessagePack
 * array of strings, written by Redis's cmsgpack, in the order of PACKED_FIELDS there: type, payload, priority,
 * maxAttempts, createdAt, timeoutMs, runAt, idempotencyKey; '' stands for a field at its default. A task waits packed
 * until its first claim, and its own hash keeps the packed value after that (field {@code packed}): the claim copies
 * it rather than write every field out, and hands it to Java as it is. Only what cmsgpack writes for an array of
 * strings is read; anything else is stored data gone wrong.
 */
final class PackedTask {
    private final byte[] bytes;
    private int at;

    private PackedTask(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The values, in PACKED_FIELDS order (a newer version may add more at the end). */
    static String[] values(byte[] packed) {
        PackedTask reader = new PackedTask(packed);
        String[] values = new String[reader.arrayLength()];
        for (int i = 0; i < values.length; i++) {
            values[i] = reader.string();
        }
        return values;
    }

    private int arrayLength() {
        int b = next();
        int length;
        if ((b & 0xf0) == 0x90) {
            length = b & 0x0f;
        } else {
            length = switch (b) {
                case 0xdc -> bigEndian(2);
                case 0xdd -> bigEndian(4);
                default -> throw unexpected(b, "an array");
            };
        }
        // Each element takes a byte at least: a longer array is cut short (or its length is not a length).
        return fitting(length);
    }

    private String string() {
        int b = next();
        int length;
        if ((b & 0xe0) == 0xa0) {
            length = b & 0x1f;
        } else {
            length = switch (b) {
                case 0xd9 -> bigEndian(1);
                case 0xda -> bigEndian(2);
                case 0xdb -> bigEndian(4);
                default -> throw unexpected(b, "a string");
            };
        }
        String value = new String(bytes, at, fitting(length), StandardCharsets.UTF_8);
        at += length;
        return value;
    }

    private int fitting(int length) {
        if (length < 0 || length > bytes.length - at) {
            throw new IllegalStateException("stored packed task is cut short or malformed");
        }
        return length;
    }

    private int bigEndian(int size) {
        int value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | next();
        }
        return value;
    }

    private int next() {
        if (at >= bytes.length) {
            throw new IllegalStateException("stored packed task is cut short");
        }
        return bytes[at++] & 0xff;
    }

    private static IllegalStateException unexpected(int type, String wanted) {
        return new IllegalStateException("stored packed task: MessagePack type 0x" + Integer.toHexString(type)
                + " where " + wanted + " belongs");
    }
}
