package io.chaperone.trust.device;

import io.chaperone.home.Hub;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.relay.Delivery;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A resident removes a hub: its certificate serial joins the revoked list and the hub is marked removed in
 * one transaction, after both are audited (hub.removed, hub.certificate_revoked); then its live connection is
 * closed with 4010. The listener refuses the serial from then on.
 */
@ApplicationScoped
public class HubRemoval {

    private static final String REASON = "removed by resident";

    @Inject
    Delivery delivery;
    @Inject
    DeviceTrustAudit trustAudit;
    @Inject
    Clock clock;

    /** Removes {@code hubId} of {@code homeId} on behalf of {@code actor} (ownership checked by the caller). */
    public Uni<Void> remove(UUID homeId, UUID hubId, String actor) {
        return revoke(homeId, hubId, actor).invoke(() -> delivery.closeHub(hubId, CloseCodes.CERTIFICATE_REVOKED_REASON));
    }

    @WithTransaction
    Uni<Void> revoke(UUID homeId, UUID hubId, String actor) {
        Instant now = clock.instant();
        return Hub.<Hub>find("id = ?1 and homeId = ?2 and removedAt is null", hubId, homeId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("hub"))
                .call(hub -> trustAudit.removed(hub, actor, REASON))
                .chain(hub -> {
                    hub.removedAt = now;
                    if (hub.certSerial == null) {
                        return Uni.createFrom().voidItem();
                    }
                    RevokedCertificate revoked = new RevokedCertificate();
                    revoked.serial = hub.certSerial;
                    revoked.hubId = hub.id;
                    revoked.revokedAt = now;
                    revoked.reason = REASON;
                    return revoked.persist().replaceWithVoid();
                });
    }
}
