package io.chaperone.relay;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.trust.ConnectTickets;
import io.chaperone.trust.DpopProofs;
import io.chaperone.trust.RedeemedTicket;
import io.chaperone.trust.TicketRejectedException;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.UUID;

/**
 * Admits a technician's socket: exact Origin, a single-use connect ticket for this session (consumed
 * here; a key-bound one with its DPoP proof, see {@link DpopProofs}), a session that is approved or
 * active for the ticket's technician, no other live connection, and the ticket's use committed to the audit trail before the upgrade.
 */
@ApplicationScoped
public class TechnicianUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(TechnicianUpgradeCheck.class);

    @Inject
    Origins origins;
    @Inject
    ConnectTickets tickets;
    @Inject
    DpopProofs proofs;
    @Inject
    SessionAdmissions admissions;
    @Inject
    LiveRegistry registry;
    @Inject
    AuditWriter audit;
    @Inject
    Clock clock;

    @Override
    public boolean appliesTo(String endpointId) {
        return TechnicianEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!origins.allows(context.httpRequest().getHeader("Origin"))) {
            return CheckResult.rejectUpgrade(403);
        }
        if (!audit.healthy()) {
            return CheckResult.rejectUpgrade(503);
        }
        String ticket = Bearer.token(context.httpRequest().getHeader("Authorization"));
        UUID sessionId = parse(context.pathParam("sid"));
        if (ticket == null || sessionId == null) {
            return CheckResult.rejectUpgrade(401);
        }
        if (registry.hasSession(sessionId)) {
            return CheckResult.rejectUpgrade(409);
        }
        return tickets.redeem(ticket, sessionId, proofs.presentedAtUpgrade(context.httpRequest()))
                .chain(redeemed -> admit(context, redeemed))
                .onFailure().recoverWithItem(this::rejection);
    }

    private Uni<CheckResult> admit(HttpUpgradeContext context, RedeemedTicket redeemed) {
        return admissions.admit(redeemed).chain(admission -> {
            if (admission.isEmpty()) {
                return CheckResult.rejectUpgrade(409);
            }
            TechnicianAdmission admitted = admission.get();
            AuditRecord used = new AuditRecord(redeemed.sessionId(), admitted.homeId(), clock.instant(),
                    redeemed.technicianSubject(), AuditKind.TICKET_USED, null, null, "ok", redeemed.jti(), null);
            return audit.commit(used).map(seq -> {
                context.userData().put(RelayKeys.ADMISSION, admitted);
                return CheckResult.permitUpgradeSync();
            });
        });
    }

    private CheckResult rejection(Throwable failure) {
        if (failure instanceof TicketRejectedException rejected) {
            return CheckResult.rejectUpgradeSync(rejected.status(), rejected.challengeHeaders());
        }
        LOG.warnf("technician upgrade refused: %s", failure.getClass().getSimpleName());
        return CheckResult.rejectUpgradeSync(503);
    }

    private static UUID parse(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
