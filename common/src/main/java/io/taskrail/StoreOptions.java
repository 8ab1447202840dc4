package io.taskrail;

import io.vertx.core.json.JsonObject;

/** How a {@link TaskStore} keeps tasks. Every setter returns this, for chaining. */
public class StoreOptions {
    /** The prefix of every Redis key; default {@code "tr"}. Two deployments may share a Redis with two prefixes. */
    private String keyPrefix;
    private long retentionMs;
    private long deadRetentionMs;
    private Backoff backoff;
    private long maxPendingPerQueue;
    private long maxQueues;

    public StoreOptions() {
        keyPrefix = "tr";
        // A day is long enough to look a finished task up after an incident, short enough to bound Redis memory.
        retentionMs = 24 * 3_600_000L;
        // Dead letters wait for a human, so they live longer; Sidekiq keeps them six months, we keep a week.
        deadRetentionMs = 7 * 24 * 3_600_000L;
        backoff = Backoff.DEFAULT;
        maxPendingPerQueue = 0;
        // Off by default: names are never taken off the registry, so a cap set later would refuse every new queue of
        // a deployment that already has more, and a client that once named many would block new queues for good.
        maxQueues = 0;
    }

    /** Reads {@code keyPrefix}, {@code retentionMs}, {@code deadRetentionMs}, {@code maxPendingPerQueue}, {@code maxQueues}, and
     * {@code backoff: {baseMs, factor, capMs, jitter}}; absent fields keep their defaults. */
    public StoreOptions(JsonObject json) {
        this();
        setKeyPrefix(json.getString("keyPrefix", keyPrefix));
        setRetentionMs(json.getLong("retentionMs", retentionMs));
        setDeadRetentionMs(json.getLong("deadRetentionMs", deadRetentionMs));
        setMaxPendingPerQueue(json.getLong("maxPendingPerQueue", maxPendingPerQueue));
        setMaxQueues(json.getLong("maxQueues", maxQueues));
        JsonObject b = json.getJsonObject("backoff");
        if (b != null) {
            backoff = new Backoff(b.getLong("baseMs", backoff.baseMs()), b.getDouble("factor", backoff.factor()),
                    b.getLong("capMs", backoff.capMs()), b.getDouble("jitter", backoff.jitter()));
        }
    }

    /** The prefix of every key; default {@code "tr"}. */
    public String getKeyPrefix() {
        return keyPrefix;
    }

    public StoreOptions setKeyPrefix(String keyPrefix) {
        if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.contains("{")) {
            throw new IllegalArgumentException("keyPrefix must be non-empty and hold no '{'");
        }
        this.keyPrefix = keyPrefix;
        return this;
    }

    /** How long, in ms, a completed or cancelled task can still be looked up; default 24 h. */
    public long getRetentionMs() {
        return retentionMs;
    }

    public StoreOptions setRetentionMs(long retentionMs) {
        this.retentionMs = positive(retentionMs, "retentionMs");
        return this;
    }

    /** How long, in ms, a dead letter is kept unless retried or purged; default 7 days. */
    public long getDeadRetentionMs() {
        return deadRetentionMs;
    }

    public StoreOptions setDeadRetentionMs(long deadRetentionMs) {
        this.deadRetentionMs = positive(deadRetentionMs, "deadRetentionMs");
        return this;
    }

    /** The retry delays of failed attempts; default {@link Backoff#DEFAULT}. */
    public Backoff getBackoff() {
        return backoff;
    }

    public StoreOptions setBackoff(Backoff backoff) {
        if (backoff == null) {
            throw new IllegalArgumentException("backoff must not be null");
        }
        this.backoff = backoff;
        return this;
    }

    /**
     * The most pending (ready) tasks a queue may hold; an enqueue that would go past it fails with
     * {@link QueueFullException} and stores nothing. 0, the default, means no limit.
     */
    public long getMaxPendingPerQueue() {
        return maxPendingPerQueue;
    }

    public StoreOptions setMaxPendingPerQueue(long maxPendingPerQueue) {
        if (maxPendingPerQueue < 0) {
            throw new IllegalArgumentException("maxPendingPerQueue must be 0 (no limit) or positive");
        }
        this.maxPendingPerQueue = maxPendingPerQueue;
        return this;
    }

    /**
     * The most queues there may be; an enqueue that would create one past it fails with
     * {@link InvalidTaskException} (field {@code queue}) and stores nothing. 0, the default, means no limit. Clients
     * name queues freely and each queue costs every stats read and monitor tick calls, so set it where clients are
     * not trusted; names stay registered until removed from the registry set by hand.
     */
    public long getMaxQueues() {
        return maxQueues;
    }

    public StoreOptions setMaxQueues(long maxQueues) {
        if (maxQueues < 0) {
            throw new IllegalArgumentException("maxQueues must be 0 (no limit) or positive");
        }
        this.maxQueues = maxQueues;
        return this;
    }

    private static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
