package io.taskrail.web;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Limits each client address to {@code perSecond} requests a second (a token bucket that also allows bursts of that
 * size); over the limit a request gets 429 with Retry-After and a JSON error. Paths left out (probes, scrapers) are
 * never limited. Buckets of the least recently seen clients are dropped past {@value #MAX_CLIENTS}, so memory stays
 * bounded. One instance per verticle, used on its event loop only.
 */
public final class ClientRateLimit implements Handler<RoutingContext> {
    private static final int MAX_CLIENTS = 100_000;

    private final double perSecond;
    private final Set<String> exempt;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public ClientRateLimit(int perSecond, Set<String> exemptPaths) {
        this.perSecond = perSecond;
        this.exempt = Set.copyOf(exemptPaths);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (exempt.contains(ctx.request().path()) || take(client(ctx), System.nanoTime())) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(429).putHeader("Retry-After", "1").putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "rate_limited")
                        .put("detail", "too many requests from this client; retry shortly").encode());
    }

    /** {tokens, last refill in ns}: refilled by elapsed time, at most a second's worth. */
    private boolean take(String client, long now) {
        double[] bucket = buckets.computeIfAbsent(client, c -> new double[]{perSecond, now});
        bucket[0] = Math.min(perSecond, bucket[0] + (now - bucket[1]) / 1e9 * perSecond);
        bucket[1] = now;
        if (bucket[0] >= 1) {
            bucket[0] -= 1;
            return true;
        }
        return false;
    }

    private static String client(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }
}
