package io.taskrail.store.impl;

import io.taskrail.testing.StoreFixture;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The decoder against what Redis's own cmsgpack writes, at each limit of MessagePack's length headers. */
class PackedTaskTest extends StoreFixture {
    /** cmsgpack.pack of the arguments as one array, as packTask does. */
    private static final String PACK = "return cmsgpack.pack(ARGV)";

    @Test
    void readsEveryStringLengthHeaderAtItsLimits() {
        List<String> values = new ArrayList<>(List.of("", "é", "€uro"));
        for (int length : new int[]{31, 32, 255, 256, 65_535, 65_536}) {
            values.add("x".repeat(length));
        }
        assertArrayEquals(values.toArray(), PackedTask.values(pack(values)));
    }

    @Test
    void readsArraysOfSixteenOrMore() {
        String[] many = new String[20];
        Arrays.setAll(many, i -> "v" + i);
        assertArrayEquals(many, PackedTask.values(pack(List.of(many))));
    }

    @Test
    void refusesWhatIsCutShortOrNotAnArrayOfStrings() {
        byte[] packed = pack(List.of("type", "y".repeat(300)));
        for (int cut : new int[]{0, 1, 2, 4, packed.length - 1}) {
            byte[] shorter = Arrays.copyOf(packed, cut);
            assertThrows(IllegalStateException.class, () -> PackedTask.values(shorter), "cut at " + cut);
        }
        byte[] hugeArray = {(byte) 0xdd, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThrows(IllegalStateException.class, () -> PackedTask.values(hugeArray));
        byte[] hugeString = {(byte) 0x91, (byte) 0xdb, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'};
        assertThrows(IllegalStateException.class, () -> PackedTask.values(hugeString));
        byte[] integer = {(byte) 0x91, 0x05};
        assertThrows(IllegalStateException.class, () -> PackedTask.values(integer));
        byte[] map = {(byte) 0x81, (byte) 0xa1, 'k', (byte) 0xa1, 'v'};
        assertThrows(IllegalStateException.class, () -> PackedTask.values(map));
    }

    private byte[] pack(List<String> values) {
        List<Object> args = new ArrayList<>(List.of(PACK, 0));
        args.addAll(values);
        return raw(Command.EVAL, args.toArray()).toBytes();
    }
}
