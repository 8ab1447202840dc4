package io.taskrail.bench;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what Redis says of itself: CPU seconds, memory, and calls per command. Blocking; for the harness only. */
final class RedisProbe {
    private static final Pattern CMDSTAT = Pattern.compile("cmdstat_([^:]+):calls=(\\d+)");

    private final Redis redis;

    RedisProbe(Redis redis) {
        this.redis = redis;
    }

    double cpuSeconds() {
        String info = info("cpu");
        return field(info, "used_cpu_user") + field(info, "used_cpu_sys");
    }

    long usedMemory() {
        return (long) field(info("memory"), "used_memory");
    }

    /** Calls per command since the last {@link #resetStats()}, INFO and CONFIG left out. */
    Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        Matcher m = CMDSTAT.matcher(info("commandstats"));
        while (m.find()) {
            if (!m.group(1).startsWith("info") && !m.group(1).startsWith("config")) {
                calls.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return calls;
    }

    void resetStats() {
        redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).await();
    }

    void flushAll() {
        redis.send(Request.cmd(Command.FLUSHALL)).await();
    }

    private String info(String section) {
        return redis.send(Request.cmd(Command.INFO).arg(section)).await().toString();
    }

    private static double field(String info, String name) {
        Matcher m = Pattern.compile(name + ":([\\d.]+)").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("INFO has no " + name);
        }
        return Double.parseDouble(m.group(1));
    }
}
