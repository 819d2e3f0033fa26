package io.chaperone.relay;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.cluster.ChangeFeed;
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
 * active for the ticket's technician, no other live connection on any node ({@link TechnicianClaims}), and the ticket's use committed to the audit trail before the upgrade.
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
    @Inject
    UpgradeRefusals refusals;
    @Inject
    ChangeFeed feed;
    @Inject
    TechnicianClaims claims;

    @Override
    public boolean appliesTo(String endpointId) {
        return TechnicianEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        UUID sessionId = parse(context.pathParam("sid"));
        if (!origins.allows(context.httpRequest())) {
            return CheckResult.rejectUpgrade(403);   // audited by RefusedOrigins, which also sees CORS's refusals
        }
        if (!audit.healthy() || !feed.confirmed()) {
            // Fail closed: no audit trail, or a revocation decided on another node may not have reached us (ADR 0018).
            return CheckResult.rejectUpgrade(503);
        }
        String ticket = Bearer.token(context.httpRequest().getHeader("Authorization"));
        if (ticket == null || sessionId == null) {
            return refuse(context, sessionId, 401, "ticket_missing");
        }
        if (registry.hasSession(sessionId)) {
            return refuse(context, sessionId, 409, "session_connected");
        }
        // The cluster-wide claim comes before the ticket is spent, like the local check above (ADR 0019).
        return claims.claim(sessionId).chain(claim -> claim.isEmpty()
                        ? refuse(context, sessionId, 409, "session_connected")
                        : redeemAndAdmit(context, sessionId, ticket, claim.get()))
                .onFailure().recoverWithItem(failure -> rejection(context, sessionId, failure));
    }

    /** Runs holding the claim: kept by the connection when the upgrade is permitted, released otherwise. */
    private Uni<CheckResult> redeemAndAdmit(HttpUpgradeContext context, UUID sessionId, String ticket,
                                            TechnicianClaims.Claim claim) {
        return tickets.redeem(ticket, sessionId, proofs.presentedAtUpgrade(context.httpRequest()))
                .chain(redeemed -> admit(context, redeemed))
                .onFailure().recoverWithItem(failure -> rejection(context, sessionId, failure))
                .call(result -> {
                    if (result.isUpgradePermitted()) {
                        context.userData().put(RelayKeys.CLAIM, claim);
                        return Uni.createFrom().voidItem();
                    }
                    return claims.released(claim); // before the answer: a retry right after it must not meet it
                })
                .onCancellation().invoke(() -> claims.release(claim));
    }

    /** A refusal of the technician's upgrade: audited (bounded per source, docs/audit.md), then answered. */
    private Uni<CheckResult> refuse(HttpUpgradeContext context, UUID sessionId, int status, String reason) {
        refusals.refused(reason, context.httpRequest(), sessionId);
        return CheckResult.rejectUpgrade(status);
    }

    private Uni<CheckResult> admit(HttpUpgradeContext context, RedeemedTicket redeemed) {
        return admissions.admit(redeemed).chain(admission -> {
            if (admission.isEmpty()) {
                return refuse(context, redeemed.sessionId(), 409, "session_not_connectable");
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

    private CheckResult rejection(HttpUpgradeContext context, UUID sessionId, Throwable failure) {
        if (failure instanceof TicketRejectedException rejected) {
            refusals.refused(rejected.failure().code(), context.httpRequest(), sessionId);
            return CheckResult.rejectUpgradeSync(rejected.status(), rejected.challengeHeaders());
        }
        LOG.warnf("technician upgrade refused: %s", failure.getClass().getSimpleName());
        return CheckResult.rejectUpgradeSync(503);
    }

    static UUID parse(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
