package io.chaperone.signin;

import io.chaperone.relay.Origins;
import io.chaperone.web.Problem;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * Cross-site request forgery guard for the browser session. An unsafe request (POST, PUT, PATCH, DELETE) that the
 * {@link SessionCookie} would authenticate (it has the cookie and no {@code Authorization} header), and every unsafe
 * request to {@code /auth/} (sign-in forgery), must carry {@code X-Chaperone-Request: 1} (a header a cross-site
 * form cannot send, and a cross-site script only after a CORS preflight that the allow-list refuses), and an
 * {@code Origin}, when present, of this gateway or {@code chaperone.relay.allowed-origins}. Otherwise 403
 * {@code csrf_rejected}. Bearer-token requests are unaffected. Stateless: any node decides alike.
 */
@ApplicationScoped
public class CsrfGuard {

    public static final String HEADER = "X-Chaperone-Request";
    static final String AUTH_PATHS = "/auth/";
    /** Before the CORS filter (300), which would answer a foreign Origin with a bare 403 of its own. */
    private static final int PRIORITY = 500;
    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final String REJECTED = Json.encode(Problem.of(403, "csrf_rejected",
            "a browser request that changes something must come from this gateway's pages"));

    @Inject
    Origins origins;

    void install(@Observes Filters filters) {
        filters.register(this::guard, PRIORITY);
    }

    void guard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (needsProof(request) && !proven(request)) {
            ctx.response().setStatusCode(403).putHeader("Content-Type", Problem.MEDIA_TYPE).end(REJECTED);
            return;
        }
        ctx.next();
    }

    static boolean needsProof(HttpServerRequest request) {
        if (!UNSAFE.contains(request.method())) {
            return false;
        }
        String path = request.path();
        boolean signIn = path != null && path.startsWith(AUTH_PATHS);
        boolean cookieSession = !request.headers().contains(HttpHeaderNames.AUTHORIZATION)
                && request.getCookie(SessionCookie.NAME) != null;
        return signIn || cookieSession;
    }

    private boolean proven(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        return "1".equals(request.getHeader(HEADER)) && (origin == null || origins.allows(request));
    }
}
