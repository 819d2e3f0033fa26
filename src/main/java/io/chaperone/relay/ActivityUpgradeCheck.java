package io.chaperone.relay;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * Admits a resident's activity socket: exact Origin, the home must be the caller's own (404 alike), and the resident
 * below their cap of open activity sockets (429, {@link ActivitySockets}).
 */
@ApplicationScoped
public class ActivityUpgradeCheck implements HttpUpgradeCheck {

    private static final String OWNS_HOME = """
            SELECT 1 FROM homes h JOIN residents r ON r.id = h.resident_id WHERE h.id = $1 AND r.subject = $2""";

    @Inject
    Origins origins;
    @Inject
    Pool pool;
    @Inject
    ActivitySockets sockets;

    @Override
    public boolean appliesTo(String endpointId) {
        return ActivityEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!origins.allows(context.httpRequest().getHeader("Origin"))) {
            return CheckResult.rejectUpgrade(403);
        }
        UUID homeId;
        try {
            homeId = UUID.fromString(context.pathParam("homeId"));
        } catch (IllegalArgumentException e) {
            return CheckResult.rejectUpgrade(404);
        }
        return context.securityIdentity().chain(identity -> {
            if (identity == null || identity.isAnonymous() || !identity.hasRole("resident")
                    || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
                return CheckResult.rejectUpgrade(403);
            }
            if (sockets.full(jwt.getSubject())) {
                return CheckResult.rejectUpgrade(429);
            }
            return pool.preparedQuery(OWNS_HOME).execute(Tuple.of(homeId, jwt.getSubject())).map(rows -> {
                if (rows.size() == 0) {
                    return CheckResult.rejectUpgradeSync(404);
                }
                context.userData().put(RelayKeys.HOME_ID, homeId);
                context.userData().put(RelayKeys.RESIDENT, jwt.getSubject());
                return CheckResult.permitUpgradeSync();
            });
        }).onFailure().recoverWithItem(() -> CheckResult.rejectUpgradeSync(503));
    }
}
