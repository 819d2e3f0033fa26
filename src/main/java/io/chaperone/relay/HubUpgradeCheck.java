package io.chaperone.relay;

import io.chaperone.audit.AuditWriter;
import io.chaperone.home.HubDirectory;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Admits a hub by its credential (until device certificates exist): the hub id comes from the
 * credential's record, never from a message. Refuses with 503 while the audit trail is down.
 */
@ApplicationScoped
public class HubUpgradeCheck implements HttpUpgradeCheck {

    @Inject
    HubDirectory hubs;
    @Inject
    AuditWriter audit;

    @Override
    public boolean appliesTo(String endpointId) {
        return HubEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!audit.healthy()) {
            return CheckResult.rejectUpgrade(503);
        }
        String credential = Bearer.token(context.httpRequest().getHeader("Authorization"));
        if (credential == null) {
            return CheckResult.rejectUpgrade(401);
        }
        return hubs.authenticate(credential).map(found -> {
            if (found.isEmpty()) {
                return CheckResult.rejectUpgradeSync(401);
            }
            context.userData().put(RelayKeys.HUB_ID, found.get().id);
            context.userData().put(RelayKeys.HOME_ID, found.get().homeId);
            return CheckResult.permitUpgradeSync();
        }).onFailure().recoverWithItem(() -> CheckResult.rejectUpgradeSync(503));
    }
}
