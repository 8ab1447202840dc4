package io.taskrail.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for browsers, off unless origins are configured ({@code CORS_ORIGINS}): without it a browser
 * sends no credentials-bearing call from another site's page, which is the safe default for an API with a token.
 * Off also means that a request from another site's page that would change something is refused: a browser sends
 * a form-like POST (text/plain, say) without asking first, so without this check any page a user of the network
 * opens could submit tasks or retry dead letters on a service that has no token.
 */
public final class CorsPolicy {
    private CorsPolicy() {
    }

    /**
     * Allows these origins ({@code *} for any) these methods, with the Authorization header; no origins: nothing.
     * A service's own pages (the monitor's dashboard) are same-origin, not cross-origin, whatever the list says:
     * browsers send an Origin header on their WebSocket and POST requests too.
     */
    public static void install(Router router, List<String> origins, Set<HttpMethod> methods) {
        if (origins.isEmpty()) {
            router.route().handler(CorsPolicy::refuseForeignWrites);
            return;
        }
        CorsHandler cors = CorsHandler.create().addOrigins(origins).allowedMethods(methods)
                .allowedHeaders(Set.of("Authorization", "Content-Type")).exposedHeader("Location")
                .exposedHeader("Retry-After").maxAgeSeconds(600);
        router.route().handler(ctx -> {
            if (sameOrigin(ctx)) {
                ctx.next();
            } else {
                cors.handle(ctx);
            }
        });
    }

    /**
     * Reads from any origin go on (the browser keeps the answer from the page); writes only from this one. A browser
     * says where a request comes from in Sec-Fetch-Site, which no page can set: that settles it when present, so a
     * same-origin page behind a proxy that rewrites Host (or a page whose referrer policy makes its Origin "null")
     * is not refused. Older browsers send only Origin, compared with the host called.
     */
    private static void refuseForeignWrites(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        String site = ctx.request().getHeader("Sec-Fetch-Site");
        boolean fromHere = site != null ? site.equals("same-origin") || site.equals("none")
                : ctx.request().getHeader("Origin") == null || sameOrigin(ctx);
        if (reads || fromHere) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "forbidden").put("detail", "requests from another site's page "
                        + "may not change anything here; allow its origin with CORS_ORIGINS").encode());
    }

    /**
     * The page comes from this service: its origin names the host the request was sent to, or, behind a reverse
     * proxy that rewrites Host, the one in X-Forwarded-Host (a page cannot set that header on a request a browser
     * sends without asking first).
     */
    private static boolean sameOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
        return origin != null && (names(origin, host) || names(origin, firstForwardedHost(ctx)));
    }

    /** The first of X-Forwarded-Host's values: the one the client used, when proxies are chained. */
    private static String firstForwardedHost(RoutingContext ctx) {
        String forwarded = ctx.request().getHeader("X-Forwarded-Host");
        return forwarded == null ? null : forwarded.split(",", 2)[0].trim();
    }

    private static boolean names(String origin, String host) {
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }
}
