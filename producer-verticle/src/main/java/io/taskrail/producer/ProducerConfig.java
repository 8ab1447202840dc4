package io.taskrail.producer;

import io.taskrail.StoreOptions;
import io.taskrail.boot.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The producer's settings, read once at start from environment variable names.
 *
 * @param httpPort         {@code HTTP_PORT}, default 8080
 * @param redisUrl         {@code REDIS_URL}, default {@code redis://127.0.0.1:6379}
 * @param apiToken         {@code API_TOKEN}: when set, every route but /health needs {@code Authorization: Bearer}
 * @param maxBodyBytes     {@code MAX_BODY_BYTES}: larger request bodies get 413; default 1 MiB
 * @param redisTimeoutMs   {@code REDIS_TIMEOUT_MS}: a store call not answered by then gets 503; default 2000
 * @param notifyWindowMs   {@code NOTIFY_WINDOW_MS}: at most one notice that tasks are ready per queue per window
 *                         (see {@link NewTaskNotifier}); default 1
 * @param corsOrigins      {@code CORS_ORIGINS}: comma-separated origins browsers may call the API from ({@code *} for
 *                         any); empty, the default, sends no CORS headers at all
 * @param rateLimitPerSec  {@code RATE_LIMIT_PER_SEC}: requests a second each client address may make (bursts up to
 *                         that many at once), beyond which it gets 429; 0 turns the limit off; default 5000
 * @param store            the store's options (see {@link Settings#storeOptions()}); here
 *                         {@code MAX_PENDING_PER_QUEUE} defaults to 1,000,000, past which submissions get 429
 */
public record ProducerConfig(int httpPort, String redisUrl, String apiToken, int maxBodyBytes, long redisTimeoutMs,
                             long notifyWindowMs, List<String> corsOrigins, int rateLimitPerSec, StoreOptions store) {
    public static final long DEFAULT_MAX_PENDING = 1_000_000;

    public static ProducerConfig from(JsonObject config) {
        Settings s = new Settings(config);
        StoreOptions store = s.storeOptions();
        if (s.string("MAX_PENDING_PER_QUEUE", null) == null) {
            store.setMaxPendingPerQueue(DEFAULT_MAX_PENDING);
        }
        return new ProducerConfig(
                s.integer("HTTP_PORT", 8080, 0, 65_535),
                s.redisUrl(),
                s.string("API_TOKEN", null),
                s.integer("MAX_BODY_BYTES", 1_048_576, 1_024, 64 * 1_048_576),
                s.number("REDIS_TIMEOUT_MS", 2_000, 50, 60_000),
                s.number("NOTIFY_WINDOW_MS", 1, 0, 1_000),
                s.list("CORS_ORIGINS"),
                s.integer("RATE_LIMIT_PER_SEC", 5_000, 0, 1_000_000),
                store);
    }
}
