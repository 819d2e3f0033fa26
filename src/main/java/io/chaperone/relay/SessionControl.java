package io.chaperone.relay;

import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionClosing;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.Transition;
import io.chaperone.ops.Meters;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.protocol.OutboundFrames;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Ends live sessions: shuts the session (no forward after this), closes the technician's socket with
 * the cause's code, tells the hub, and runs the per-session timers (expiry, warnings, hub-offline grace).
 */
@ApplicationScoped
public class SessionControl {

    private static final Logger LOG = Logger.getLogger(SessionControl.class);

    @Inject
    Delivery delivery;
    @Inject
    SessionTransitions transitions;
    @Inject
    RelayConfig config;
    @Inject
    Meters metrics;
    @Inject
    Clock clock;
    @Inject
    Vertx vertx;

    /** Shuts and closes a live session for {@code reason}; idempotent, first reason wins. */
    void shutAndClose(LiveSession live, CloseReason reason) {
        shutAndClose(live, reason, SessionClosing.Via.LOCAL, System.nanoTime());
    }

    /**
     * As {@link #shutAndClose(LiveSession, CloseReason)} for a closing that reached this node {@code via} at
     * {@code receivedNanos}: a revocation's time from there to its close frame written is metered by that path.
     */
    void shutAndClose(LiveSession live, CloseReason reason, SessionClosing.Via via, long receivedNanos) {
        if (!live.shut(reason)) {
            return;
        }
        cancelTimers(live);
        delivery.closeOnHub(live.hubId(), live.sessionId(), hubReason(reason));
        delivery.closeTechnician(live, reason).subscribe().with(v -> {
            if (reason.getCode() == CloseCodes.REVOKED) {
                metrics.revocationClosed(via.tag(), System.nanoTime() - receivedNanos);
            }
        }, e -> { });
    }

    void cancelTimers(LiveSession live) {
        live.timers().forEach(vertx::cancelTimer);
    }

    /** Starts the expiry timer and the warnings of a freshly opened live session. */
    void startTimers(LiveSession live) {
        long now = clock.millis();
        long untilExpiry = Math.max(1, live.grant().expiresAtMillis() - now);
        live.addExpiryTimer(vertx.setTimer(untilExpiry, id -> expire(live)));
        for (Duration warning : config.expiryWarnings()) {
            long at = untilExpiry - warning.toMillis();
            if (at > 0) {
                long seconds = warning.toSeconds();
                live.addExpiryTimer(vertx.setTimer(at, id -> delivery.toTechnician(live, OutboundFrames.expiring(seconds))));
            }
        }
    }

    /**
     * The session's end moved later (an approved extension): the expiry timer and the warnings of the old end are
     * cancelled and armed again for the new one, so no warning speaks of the old end and the close comes at the new.
     */
    void rearmTimers(LiveSession live) {
        List<Long> old = live.takeExpiryTimers();
        old.forEach(vertx::cancelTimer);
        // None yet: the session has not started, and its start arms them from the grant it now holds.
        if (!old.isEmpty() && live.active()) {
            startTimers(live);
        }
    }

    /** The expiry timer fired: close at once, then record the transition (the job may have done it first). */
    void expire(LiveSession live) {
        long lateness = clock.millis() - live.grant().expiresAtMillis();
        if (live.grant().expiresAtMillis() > clock.millis()) {
            // The grant moved (an escalation may shorten, never extend); re-arm for the new end.
            live.addExpiryTimer(vertx.setTimer(live.grant().expiresAtMillis() - clock.millis(), id -> expire(live)));
            return;
        }
        metrics.expiryLateness(Math.max(0, lateness));
        shutAndClose(live, CloseCodes.EXPIRED_REASON);
        transitions.apply(live.sessionId(), Transition.of(SessionAction.EXPIRE), Actor.system())
                .subscribe().with(v -> { }, e -> LOG.debugf("expiry already recorded for a session: %s",
                        e.getClass().getSimpleName()));
    }

    /** The hub of a live session went away: warn now, cut with 4006 if it is not back within the grace. */
    void hubLost(LiveSession live) {
        live.addTimer(vertx.setTimer(Math.max(1, config.hubOfflineGrace().toMillis()), id -> {
            if (!delivery.hubOnline(live.hubId())) {
                shutAndClose(live, CloseCodes.HUB_OFFLINE_REASON);
            }
        }));
    }

    private static String hubReason(CloseReason reason) {
        return switch (reason.getCode()) {
            case CloseCodes.REVOKED -> "revoked";
            case CloseCodes.SESSION_EXPIRED -> "expired";
            case CloseCodes.ENDED -> "ended";
            case CloseCodes.SUSPENDED -> "suspended";
            case CloseCodes.AUDIT_UNAVAILABLE -> "audit_unavailable";
            case CloseCodes.TERMINATED -> "terminated";
            default -> "disconnected";
        };
    }

    /** The close code for a session found in {@code state} where it should be active (a terminal or paused state). */
    static CloseReason closeReasonFor(SessionState state) {
        return switch (state) {
            case revoked -> CloseCodes.REVOKED_REASON;
            case suspended -> CloseCodes.SUSPENDED_REASON;
            case expired -> CloseCodes.EXPIRED_REASON;
            case terminated -> CloseCodes.TERMINATED_REASON;
            default -> CloseCodes.ENDED_REASON;
        };
    }

    /** Causes after which the session stays approved and the technician may reconnect. */
    static boolean leavesSessionApproved(CloseReason reason) {
        if (reason == null) {
            return true;
        }
        return switch (reason.getCode()) {
            case CloseCodes.REVOKED, CloseCodes.SESSION_EXPIRED, CloseCodes.ENDED, CloseCodes.SUSPENDED,
                 CloseCodes.TERMINATED -> false;
            default -> true;
        };
    }
}
