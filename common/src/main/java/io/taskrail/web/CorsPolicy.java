package io.taskrail.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for browsers, off unless origins are configured ({@code CORS_ORIGINS}): without it a browser
 * sends no credentials-bearing call from another site's page, which is the safe default for an API with a token.
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

    private static boolean sameOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
        return origin != null && host != null
                && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }
}
