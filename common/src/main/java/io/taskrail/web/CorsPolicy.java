package io.taskrail.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
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

    /** Allows these origins ({@code *} for any) the given methods, with the Authorization header; none: does nothing. */
    public static void install(Router router, List<String> origins, Set<HttpMethod> methods) {
        if (origins.isEmpty()) {
            return;
        }
        router.route().handler(CorsHandler.create().addOrigins(origins).allowedMethods(methods)
                .allowedHeaders(Set.of("Authorization", "Content-Type")).exposedHeader("Location")
                .exposedHeader("Retry-After").maxAgeSeconds(600));
    }
}
