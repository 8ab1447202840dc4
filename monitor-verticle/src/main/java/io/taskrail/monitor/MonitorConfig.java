package io.taskrail.monitor;

import io.taskrail.StoreOptions;
import io.taskrail.boot.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The monitor's settings, read once at start from environment variable names.
 *
 * @param httpPort          {@code HTTP_PORT}, default 8081
 * @param redisUrl          {@code REDIS_URL}
 * @param apiToken          {@code API_TOKEN}: when set, pages, the WebSocket and the API need it (see
 *                          {@link MonitorAuth}); /health and /metrics do not
 * @param tickMs            {@code STATS_TICK_MS}: how often stats are read from Redis and sent to every client;
 *                          default 1000, at least 100 (at most ten frames a second)
 * @param maxBufferedBytes  {@code WS_MAX_BUFFERED_BYTES}: a client that lets this much pile up unsent is dropped;
 *                          default 1 MiB
 * @param redisTimeoutMs    {@code REDIS_TIMEOUT_MS}, default 2000
 * @param corsOrigins       {@code CORS_ORIGINS}: origins whose pages may call the monitor ({@code *} for any); empty,
 *                          the default, sends no CORS headers
 * @param rateLimitPerSec   {@code RATE_LIMIT_PER_SEC}: requests a second per client address (bursts as large) before
 *                          429; 0 turns it off; default 5000; /health and /metrics are never limited
 * @param store             the store's options
 */
public record MonitorConfig(int httpPort, String redisUrl, String apiToken, long tickMs, int maxBufferedBytes,
                            long redisTimeoutMs, List<String> corsOrigins, int rateLimitPerSec, StoreOptions store) {

    public static MonitorConfig from(JsonObject config) {
        Settings s = new Settings(config);
        return new MonitorConfig(
                s.integer("HTTP_PORT", 8081, 0, 65_535),
                s.redisUrl(),
                s.string("API_TOKEN", null),
                s.number("STATS_TICK_MS", 1_000, 100, 1_000),
                s.integer("WS_MAX_BUFFERED_BYTES", 1_048_576, 1_024, 64 * 1_048_576),
                s.number("REDIS_TIMEOUT_MS", 2_000, 50, 60_000),
                s.list("CORS_ORIGINS"),
                s.integer("RATE_LIMIT_PER_SEC", 5_000, 0, 1_000_000),
                s.storeOptions());
    }
}
