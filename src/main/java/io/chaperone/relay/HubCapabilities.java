package io.chaperone.relay;

import io.chaperone.policy.Scope;
import io.chaperone.trust.GatewayKeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The capability a hub receives in {@code session.open}: a gateway-signed JWT (typ {@code hub-capability+jwt})
 * naming the session, the hub, the approved (device, op) grants and the session's end, so the hub can refuse
 * anything outside it even if the gateway were to send it (defence in depth).
 */
@ApplicationScoped
public class HubCapabilities {

    public static final String TYPE = "hub-capability+jwt";

    @Inject
    GatewayKeyRing keys;

    String issue(LiveSession live) {
        return issue(live.sessionId(), live.hubId(), live.grant().scope(), live.grant().expiresAtMillis());
    }

    /** A capability for hub session {@code sid} (a live session's id, or a system command's own hub session). */
    String issue(UUID sid, UUID hubId, Scope scope, long expiresAtMillis) {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("sid", sid.toString());
        claims.setClaim("hub", hubId.toString());
        claims.setClaim("scope", grants(scope));
        claims.setExpirationTime(NumericDate.fromMilliseconds(expiresAtMillis));
        claims.setAudience("hub:" + hubId);
        return keys.sign(TYPE, claims);
    }

    private static List<Map<String, Object>> grants(Scope scope) {
        List<Map<String, Object>> grants = new ArrayList<>();
        FrameJson.tree(scope).path("grants").forEach(g -> {
            Map<String, Object> grant = new LinkedHashMap<>();
            List<String> devices = new ArrayList<>();
            List<String> ops = new ArrayList<>();
            g.path("devices").forEach(d -> devices.add(d.asText()));
            g.path("ops").forEach(o -> ops.add(o.asText()));
            grant.put("devices", devices);
            grant.put("ops", ops);
            grants.add(grant);
        });
        return grants;
    }
}
