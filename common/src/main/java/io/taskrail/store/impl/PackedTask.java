package io.taskrail.store.impl;

import java.nio.charset.StandardCharsets;

/**
 * A task's creation fields as the scripts pack them ({@code packTask} in {@code lua/includes/task.lua}): a MessagePack
 * array of strings, written by Redis's cmsgpack. A task waits packed until its first claim, and its own hash keeps the
 * packed value after that (field {@code packed}), so the claim hands it to Java as it is, rather than spend Redis time
 * on unpacking it. Only what cmsgpack writes for an array of strings is read: anything else is stored data gone wrong.
 */
final class PackedTask {
    /** The packed fields, in order; '' stands for a field at its default. The same list as PACKED_FIELDS in task.lua. */
    static final String[] FIELDS = {"type", "payload", "priority", "maxAttempts", "createdAt", "timeoutMs", "runAt",
            "idempotencyKey"};

    private final byte[] bytes;
    private int at;

    private PackedTask(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The values, in {@link #FIELDS} order. */
    static String[] values(byte[] packed) {
        try {
            PackedTask reader = new PackedTask(packed);
            String[] values = new String[reader.arrayLength()];
            for (int i = 0; i < values.length; i++) {
                values[i] = reader.string();
            }
            return values;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("stored packed task is cut short", e);
        }
    }

    private int arrayLength() {
        int b = next();
        if ((b & 0xf0) == 0x90) {
            return b & 0x0f;
        }
        return switch (b) {
            case 0xdc -> bigEndian(2);
            case 0xdd -> bigEndian(4);
            default -> throw unexpected(b, "an array");
        };
    }

    private String string() {
        int b = next();
        int length;
        if ((b & 0xe0) == 0xa0) {
            length = b & 0x1f;
        } else {
            length = switch (b) {
                case 0xd9, 0xc4 -> bigEndian(1);
                case 0xda, 0xc5 -> bigEndian(2);
                case 0xdb, 0xc6 -> bigEndian(4);
                default -> throw unexpected(b, "a string");
            };
        }
        if (length < 0 || at + length > bytes.length) {
            throw new IllegalStateException("stored packed task is cut short");
        }
        String value = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        return value;
    }

    private int bigEndian(int size) {
        int value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | next();
        }
        return value;
    }

    private int next() {
        return bytes[at++] & 0xff;
    }

    private static IllegalStateException unexpected(int type, String wanted) {
        return new IllegalStateException("stored packed task: MessagePack type 0x" + Integer.toHexString(type)
                + " where " + wanted + " belongs");
    }
}
