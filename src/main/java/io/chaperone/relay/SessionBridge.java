package io.chaperone.relay;

import io.chaperone.audit.AuditOutage;
import io.chaperone.cluster.FeedUnconfirmed;
import io.chaperone.consent.SessionChanged;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionClosing;
import io.chaperone.ops.Meters;
import io.chaperone.protocol.CloseCodes;
import io.quarkus.websockets.next.CloseReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Carries consent decisions into the live relay: a revocation, suspension or end shuts the live
 * session before its transition commits (so nothing is forwarded once it has), and the committed
 * change closes the socket with its code; an approved escalation swaps the grant and tells the
 * technician. An audit outage closes every live session with 4005 (fail closed), and so does a revocation state
 * this node cannot confirm (the cluster change feed, ADR 0018). Events re-fired from other nodes arrive here too.
 */
@ApplicationScoped
public class SessionBridge {

    @Inject
    LiveRegistry registry;
    @Inject
    SessionControl control;
    @Inject
    TechnicianLeg technicians;
    @Inject
    Meters metrics;

    void closing(@Observes SessionClosing closing) {
        CloseReason reason = switch (closing.action()) {
            case REVOKE -> CloseCodes.REVOKED_REASON;
            case SUSPEND -> CloseCodes.SUSPENDED_REASON;
            case END -> CloseCodes.ENDED_REASON;
            case EXPIRE -> CloseCodes.EXPIRED_REASON;
            case KILL -> CloseCodes.TERMINATED_REASON;
            default -> null;
        };
        LiveSession live = registry.session(closing.sessionId());
        if (reason != null && live != null && live.closableBy(closing.actor())) {
            long now = System.nanoTime();
            if (closing.remote()) {
                control.shutAndClose(live, reason, closing.via(), closing.sinceNanos());
            } else {
                if (closing.action() == SessionAction.REVOKE) {
                    metrics.revocationAnnounced("local", now - closing.sinceNanos());
                }
                control.shutAndClose(live, reason, SessionClosing.Via.LOCAL, now);
            }
        }
    }

    @Inject
    HubCapabilities capabilities;
    @Inject
    Delivery delivery;

    void changed(@Observes SessionChanged change) {
        LiveSession live = registry.session(change.sessionId());
        if (live == null || change.to() == null) {
            return;
        }
        switch (change.to()) {
            case revoked -> control.shutAndClose(live, CloseCodes.REVOKED_REASON);
            case suspended -> control.shutAndClose(live, CloseCodes.SUSPENDED_REASON);
            case ended -> control.shutAndClose(live, CloseCodes.ENDED_REASON);
            case expired -> control.shutAndClose(live, CloseCodes.EXPIRED_REASON);
            case terminated -> control.shutAndClose(live, CloseCodes.TERMINATED_REASON);
            default -> {
                if (change.from() == change.to() && change.expiresAt() != null
                        && change.expiresAt().toEpochMilli() > live.grant().expiresAtMillis()
                        && change.scope().version() == live.grant().scopeVersion()) {
                    extended(live, change);
                } else if (change.from() == change.to() && change.scope().version() > live.grant().scopeVersion()) {
                    live.swapGrant(live.grant().escalated(change.scope(), change.expiresAt()));
                    // The hub gets the wider capability before the technician learns of the wider scope, so
                    // no newly allowed command can reach the hub ahead of it (same ordered outbox).
                    HubView hub = delivery.hub(live.hubId());
                    if (hub != null && hub.trusted()) {
                        delivery.openOnHub(live.hubId(), live.sessionId(), capabilities.issue(live));
                    }
                    delivery.toTechnician(live, technicians.sessionFrame(live));
                } else if (change.from() == change.to() && !change.reveal().equals(live.grant().reveal())) {
                    // The resident revealed or hid a class: the next frame is judged by the new redactor.
                    live.swapGrant(live.grant().withReveal(change.reveal()));
                    delivery.toTechnician(live, technicians.sessionFrame(live));
                }
            }
        }
    }

    /**
     * An approved extension: the grant's end moves (scope untouched), the timers follow, the hub gets a capability
     * with the new end before the technician's {@code session} frame names it (same ordered outbox as escalations).
     */
    private void extended(LiveSession live, SessionChanged change) {
        live.swapGrant(live.grant().extendedTo(change.expiresAt()));
        control.rearmTimers(live);
        if (!live.ready()) {
            return;   // still starting: its session.open and session frame will carry the new end
        }
        HubView hub = delivery.hub(live.hubId());
        if (hub != null && hub.trusted()) {
            delivery.openOnHub(live.hubId(), live.sessionId(), capabilities.issue(live));
        }
        delivery.toTechnician(live, technicians.sessionFrame(live));
    }

    void outage(@Observes AuditOutage outage) {
        if (outage.down()) {
            registry.sessions().forEach(live -> control.shutAndClose(live, CloseCodes.AUDIT_REASON));
        }
    }

    void unconfirmed(@Observes FeedUnconfirmed unconfirmed) {
        registry.sessions().forEach(live -> control.shutAndClose(live, FeedUnconfirmed.REASON));
    }
}
