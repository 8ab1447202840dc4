package io.taskrail.testing;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls per command from Redis's {@code INFO commandstats}, for tests that count what reached Redis. */
public final class CommandStats {
    private CommandStats() {
    }

    /** The raw {@code INFO commandstats} text. */
    public static String read(Redis redis) {
        return redis.send(Request.cmd(Command.INFO).arg("commandstats")).await().toString();
    }

    /** Calls of {@code command} (lower case) in {@code commandstats}; 0 when it is not listed (never called). */
    public static long calls(String commandstats, String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(commandstats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Calls of {@code command} so far (since the last {@code CONFIG RESETSTAT}). */
    public static long calls(Redis redis, String command) {
        return calls(read(redis), command);
    }
}
