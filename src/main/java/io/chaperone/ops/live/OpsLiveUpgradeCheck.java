package io.chaperone.ops.live;

import io.chaperone.relay.Origins;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Admits an ops feed socket: an allowed Origin (403 otherwise, like the other browser legs), the {@code ops} role
 * (403 for residents and technicians) and a free place below {@code chaperone.ops.live.max-sockets} on this node (429).
 */
@ApplicationScoped
public class OpsLiveUpgradeCheck implements HttpUpgradeCheck {

    @Inject
    Origins origins;
    @Inject
    OpsLiveFeed feed;

    @Override
    public boolean appliesTo(String endpointId) {
        return OpsLiveEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!origins.allows(context.httpRequest())) {
            return CheckResult.rejectUpgrade(403);
        }
        return context.securityIdentity().map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return CheckResult.rejectUpgradeSync(401);
            }
            if (!identity.hasRole("ops")) {
                return CheckResult.rejectUpgradeSync(403);
            }
            return feed.full() ? CheckResult.rejectUpgradeSync(429) : CheckResult.permitUpgradeSync();
        });
    }
}
