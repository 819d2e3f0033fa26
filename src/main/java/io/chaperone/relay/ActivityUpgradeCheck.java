package io.chaperone.relay;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.chaperone.household.Household;
import io.chaperone.household.Right;
import io.chaperone.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * Admits a resident's activity socket: exact Origin, the caller a member of the home's household (its owner or any
 * member: watching needs no right beyond membership; 404 alike for anyone else, ADR 0021), and the resident
 * below their cap of open activity sockets (429, {@link ActivitySockets}).
 */
@ApplicationScoped
public class ActivityUpgradeCheck implements HttpUpgradeCheck {

    @Inject
    Origins origins;
    @Inject
    Household household;
    @Inject
    ActivitySockets sockets;

    @Override
    public boolean appliesTo(String endpointId) {
        return ActivityEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!origins.allows(context.httpRequest())) {
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
            return household.requireBySubject(jwt.getSubject(), homeId, Right.VIEW, "home").map(member -> {
                context.userData().put(RelayKeys.HOME_ID, homeId);
                context.userData().put(RelayKeys.RESIDENT, jwt.getSubject());
                return CheckResult.permitUpgradeSync();
            }).onFailure(ProblemException.class).recoverWithItem(() -> CheckResult.rejectUpgradeSync(404));
        }).onFailure().recoverWithItem(() -> CheckResult.rejectUpgradeSync(503));
    }
}
