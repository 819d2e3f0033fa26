package io.chaperone.relay;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The browser's way to send a connect ticket (docs/protocol.md, ADR 0008): a subprotocol value
 * {@code quarkus-http-upgrade#Authorization#Bearer <ticket>} (URL-encoded) on the technician path becomes the
 * request's {@code Authorization} header. Nothing else is ever lifted: websockets-next's own
 * {@code propagate-subprotocol-headers} would add any header on any endpoint (a forged
 * {@code X-Forwarded-Client-Cert} on the hub leg), so it is off. Carrier values are removed from every
 * upgrade's {@code Sec-WebSocket-Protocol}, so a ticket is never echoed and never reaches another endpoint.
 */
@ApplicationScoped
public class TicketSubprotocol {

    static final String CARRIER_PREFIX = "quarkus-http-upgrade";
    private static final String TECHNICIAN_PATH = "/ws/sessions/";
    private static final String AUTHORIZATION = "Authorization";
    private static final String PROTOCOLS = "Sec-WebSocket-Protocol";
    /** Where websockets-next put its own propagation: before security and the upgrade routes. */
    private static final int PRIORITY = 220;

    void install(@Observes Filters filters) {
        filters.register(TicketSubprotocol::lift, PRIORITY);
    }

    static void lift(RoutingContext ctx) {
        MultiMap headers = ctx.request().headers();
        String offered = headers.get(PROTOCOLS);
        if (offered == null || !offered.contains(CARRIER_PREFIX)) {
            ctx.next();
            return;
        }
        boolean technician = ctx.request().path().startsWith(TECHNICIAN_PATH);
        List<String> kept = new ArrayList<>();
        String authorization = null;
        for (String value : offered.split(",")) {
            String protocol = value.trim();
            if (!protocol.startsWith(CARRIER_PREFIX)) {
                kept.add(protocol);
            } else if (technician && authorization == null) {
                authorization = carriedAuthorization(protocol);
            }
        }
        headers.remove(PROTOCOLS);
        if (!kept.isEmpty()) {
            headers.add(PROTOCOLS, String.join(",", kept));
        }
        // A real Authorization header wins; the carrier never adds a second value next to it.
        if (authorization != null && !headers.contains(AUTHORIZATION)) {
            headers.add(AUTHORIZATION, authorization);
        }
        ctx.next();
    }

    /** The value of a carried {@code Authorization}, or null for any other header or a malformed value. */
    private static String carriedAuthorization(String protocol) {
        String decoded;
        try {
            decoded = URLDecoder.decode(protocol, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        String[] parts = decoded.split("#", -1);
        return parts.length == 3 && parts[1].equalsIgnoreCase(AUTHORIZATION) && !parts[2].isBlank() ? parts[2] : null;
    }
}
