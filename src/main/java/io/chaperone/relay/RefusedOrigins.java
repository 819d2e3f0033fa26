package io.chaperone.relay;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Audits every technician upgrade whose {@code Origin} is refused, whoever answers it: the CORS filter answers a
 * foreign Origin with 403 before {@link TechnicianUpgradeCheck} runs, the check answers a missing or {@code null}
 * one (CORS lets those through). This filter only records ({@code origin_refused}, bounded by
 * {@link UpgradeRefusals}) and passes the request on, so the answer stays theirs.
 */
@ApplicationScoped
public class RefusedOrigins {

    static final String REASON = "origin_refused";
    private static final String TECHNICIAN_PATH = "/ws/sessions/";
    /** Above the CORS filter (300), which ends a foreign-Origin request without calling the next handler. */
    private static final int PRIORITY = 400;

    @Inject
    Origins origins;
    @Inject
    UpgradeRefusals refusals;

    void install(@Observes Filters filters) {
        filters.register(this::audit, PRIORITY);
    }

    void audit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String sid = technicianSession(request);
        if (sid != null && !origins.allows(request)) {
            refusals.refused(REASON, request, TechnicianUpgradeCheck.parse(sid));
        }
        ctx.next();
    }

    /** The session segment of a WebSocket upgrade on the technician path, or null for any other request. */
    private static String technicianSession(HttpServerRequest request) {
        String path = request.path();
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade")) || path == null
                || !path.startsWith(TECHNICIAN_PATH)) {
            return null;
        }
        String sid = path.substring(TECHNICIAN_PATH.length());
        return sid.isEmpty() || sid.indexOf('/') >= 0 ? null : sid;
    }
}
