package io.taskrail.redis;

import io.taskrail.testing.StoreFixture;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisVersionTest extends StoreFixture {

    @Test
    void readsTheVersionFromInfoAndFromRedisServerVersion() {
        assertEquals("6.0", RedisVersion.in("Redis server v=6.0.16 sha=00000000:0 malloc=jemalloc-5.2.1 bits=64"));
        assertEquals("7.0", RedisVersion.in("# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n"));
        assertNull(RedisVersion.in("no version here"));
        // The server the tests run on, read the way the store's init reads it.
        String running = RedisVersion.in(raw(Command.INFO, "server").toString());
        assertTrue(RedisVersion.supported(running), running);
    }

    @Test
    void sixPointTwoIsTheOldestSupported() {
        assertFalse(RedisVersion.supported("5.0"));
        assertFalse(RedisVersion.supported("6.0"));
        assertTrue(RedisVersion.supported("6.2"));
        assertTrue(RedisVersion.supported("7.0"));
        assertTrue(RedisVersion.supported("10.0"));
    }
}
