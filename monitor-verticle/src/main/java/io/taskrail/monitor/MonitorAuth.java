package io.taskrail.monitor;

import io.taskrail.boot.TokenCheck;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * With {@code API_TOKEN} set, the pages, the WebSocket and the API need the token, given one of three ways:
 * <ul>
 *   <li>{@code Authorization: Bearer <token>};</li>
 *   <li>the query parameter {@code ?token=<token>}, for browsers: open {@code http://host:8081/?token=...};</li>
 *   <li>the {@code taskrail_token} cookie, which a page opened with the query parameter receives, so its scripts,
 *       styles and WebSocket are let in too (HttpOnly, SameSite=Strict).</li>
 * </ul>
 * {@code /health} and {@code /metrics} are open, for probes and scrapers. Tokens are compared in constant time.
 */
final class MonitorAuth implements Handler<RoutingContext> {
    static final String COOKIE = "taskrail_token";
    private static final Set<String> OPEN = Set.of("/health", "/metrics");

    private final TokenCheck token;

    MonitorAuth(String token) {
        this.token = new TokenCheck(token);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (OPEN.contains(request.path())) {
            ctx.next();
            return;
        }
        String fromQuery = request.getParam("token");
        if (token.matches(TokenCheck.bearer(request.getHeader("Authorization")))) {
            ctx.next();
        } else if (token.matches(fromQuery)) {
            ctx.response().addCookie(Cookie.cookie(COOKIE, fromQuery).setHttpOnly(true).setPath("/")
                    .setSameSite(CookieSameSite.STRICT));
            ctx.next();
        } else if (request.getCookie(COOKIE) != null && token.matches(request.getCookie(COOKIE).getValue())) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                    .putHeader("WWW-Authenticate", "Bearer realm=\"taskrail\"")
                    .end(new JsonObject().put("error", "unauthorized")
                            .put("detail", "a valid token is required (Authorization: Bearer, or ?token=)").encode());
        }
    }
}
