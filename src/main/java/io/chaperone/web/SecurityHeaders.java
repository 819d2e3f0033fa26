package io.chaperone.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The browser security headers on every response of the public listener (pages, assets, the API, errors): a strict
 * Content-Security-Policy (no inline script or style, no eval, no framing), nosniff, no referrer, an isolated opener,
 * and {@code Cache-Control: no-store} on everything except versioned third-party files under {@code /vendor/} and
 * {@code /webjars/} and the public keys ({@code /.well-known/jwks.json} keeps its own {@code max-age=60}: verifiers are
 * meant to cache it, docs/api.md). The management port (Swagger UI) is another router and keeps its own.
 */
@ApplicationScoped
public class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    /** Public verification keys, cacheable by design (its resource sets {@code max-age=60}). */
    private static final String JWKS_PATH = "/.well-known/jwks.json";
    /** First of all filters: even a request refused by another filter gets the headers. */
    private static final int PRIORITY = 10_000;

    void install(@Observes Filters filters) {
        filters.register(this::decorate, PRIORITY);
    }

    void decorate(RoutingContext ctx) {
        String path = ctx.request().path();
        boolean cacheable = path != null && (path.startsWith("/vendor/") || path.startsWith("/webjars/")
                || path.equals(JWKS_PATH));
        ctx.addHeadersEndHandler(ignored -> {
            MultiMap headers = ctx.response().headers();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            if (!cacheable) {
                headers.set("Cache-Control", "no-store");
            }
        });
        ctx.next();
    }
}
