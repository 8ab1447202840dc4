package io.taskrail.boot;

import io.taskrail.Backoff;
import io.taskrail.StoreOptions;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a service's settings from its verticle config, whose keys are environment variable names (the launcher
 * passes the environment; tests pass what they need). A value that is present but malformed stops the service at
 * start with a message naming it, rather than being silently replaced by a default.
 */
public final class Settings {
    private final JsonObject config;

    public Settings(JsonObject config) {
        this.config = config;
    }

    public String string(String name, String fallback) {
        Object value = config.getValue(name);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        return value.toString().trim();
    }

    public long number(String name, long fallback, long min, long max) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + text + ": not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + "=" + text + ": must be from " + min + " to " + max);
        }
        return value;
    }

    /** A comma-separated list, trimmed, blanks dropped; empty when unset. */
    public List<String> list(String name) {
        return Arrays.stream(string(name, "").split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .toList();
    }

    public int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    public double decimal(String name, double fallback, double min, double max) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + "=" + text + ": must be from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + text + ": not a number");
        }
    }

    /** {@code REDIS_URL}, default {@code redis://127.0.0.1:6379}. */
    public String redisUrl() {
        return string("REDIS_URL", "redis://127.0.0.1:6379");
    }

    /**
     * The store's options: {@code KEY_PREFIX} (tr), {@code RETENTION_MS} (24 h), {@code DEAD_RETENTION_MS} (7 d),
     * {@code MAX_PENDING_PER_QUEUE} (0 = no limit), {@code MAX_QUEUES} (0 = no limit), {@code BACKOFF_BASE_MS} (1000),
     * {@code BACKOFF_FACTOR} (2),
     * {@code BACKOFF_CAP_MS} (1 h), {@code BACKOFF_JITTER} (0.25).
     */
    public StoreOptions storeOptions() {
        StoreOptions defaults = new StoreOptions();
        Backoff b = defaults.getBackoff();
        long day = 86_400_000L;
        return defaults
                .setKeyPrefix(string("KEY_PREFIX", defaults.getKeyPrefix()))
                .setRetentionMs(number("RETENTION_MS", defaults.getRetentionMs(), 1, 365 * day))
                .setDeadRetentionMs(number("DEAD_RETENTION_MS", defaults.getDeadRetentionMs(), 1, 3650 * day))
                .setMaxPendingPerQueue(number("MAX_PENDING_PER_QUEUE", 0, 0, Long.MAX_VALUE))
                .setMaxQueues(number("MAX_QUEUES", defaults.getMaxQueues(), 0, 1_000_000))
                .setBackoff(new Backoff(
                        number("BACKOFF_BASE_MS", b.baseMs(), 0, day),
                        decimal("BACKOFF_FACTOR", b.factor(), 1, 100),
                        number("BACKOFF_CAP_MS", b.capMs(), 0, 30 * day),
                        decimal("BACKOFF_JITTER", b.jitter(), 0, 1)));
    }
}
