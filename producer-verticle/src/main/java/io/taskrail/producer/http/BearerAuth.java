package io.taskrail.producer.http;

import io.taskrail.boot.TokenCheck;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Requires {@code Authorization: Bearer <token>} on every route but {@code /health}, compared in constant time. */
public final class BearerAuth implements Handler<RoutingContext> {
    private final TokenCheck token;

    public BearerAuth(String token) {
        this.token = new TokenCheck(token);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if ("/health".equals(ctx.request().path())
                || token.matches(TokenCheck.bearer(ctx.request().getHeader("Authorization")))) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"taskrail\"");
            ApiErrors.send(ctx, 401, "unauthorized", "a valid bearer token is required");
        }
    }
}
