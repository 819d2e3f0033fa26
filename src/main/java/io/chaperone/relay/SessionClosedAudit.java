package io.chaperone.relay;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.protocol.CloseCodes;
import io.quarkus.websockets.next.CloseReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Records why a live session's technician socket closed: one {@code session.closed} event per close, with the close
 * code and a stable cause (docs/audit.md). Written once the socket is gone, so it never delays the close itself; the
 * session report reads it to say in plain words how the session stopped.
 */
@ApplicationScoped
public class SessionClosedAudit {

    private static final Logger LOG = Logger.getLogger(SessionClosedAudit.class);

    @Inject
    AuditWriter audit;
    @Inject
    Clock clock;

    /**
     * {@code shut} is the reason the gateway closed with (null when it did not: the technician went away, or a
     * socket-level limit closed it); {@code received} the close the endpoint saw.
     */
    void closed(LiveSession live, CloseReason shut, CloseReason received) {
        int code = shut != null ? shut.getCode() : received == null ? 1005 : received.getCode();
        String cause = shut != null ? causeOf(code) : peerCauseOf(code);
        String actor = "technician_left".equals(cause) ? live.technicianSubject() : "system";
        audit.commit(new AuditRecord(live.sessionId(), live.homeId(), clock.instant(), actor, AuditKind.SESSION_CLOSED,
                        null, null, cause, null, "{\"code\":" + code + ",\"cause\":\"" + cause + "\"}"))
                .subscribe().with(seq -> { }, e -> LOG.warnf("session.closed not recorded: %s", e.getClass().getSimpleName()));
    }

    /** The stable cause of a close the gateway itself initiated. */
    static String causeOf(int code) {
        return switch (code) {
            case CloseCodes.SESSION_EXPIRED -> "expired";
            case CloseCodes.REVOKED -> "revoked";
            case CloseCodes.ENDED -> "ended";
            case CloseCodes.SUSPENDED -> "suspended";
            case CloseCodes.AUDIT_UNAVAILABLE -> "audit_unavailable";
            case CloseCodes.HUB_OFFLINE -> "hub_offline";
            case CloseCodes.ATTESTATION_FAILED -> "attestation_failed";
            case CloseCodes.SUPERSEDED -> "superseded";
            case CloseCodes.SLOW_CONSUMER -> "slow_consumer";
            case CloseCodes.TERMINATED -> "terminated";
            case CloseCodes.POLICY_VIOLATION -> "abuse";
            case CloseCodes.MESSAGE_TOO_BIG -> "message_too_big";
            case 1001 -> "read_idle";
            default -> "closed";
        };
    }

    /** A close the live session did not initiate: socket-level limits, or else the technician left. */
    static String peerCauseOf(int code) {
        return switch (code) {
            case CloseCodes.SLOW_CONSUMER -> "slow_consumer";
            case CloseCodes.POLICY_VIOLATION -> "abuse";
            case CloseCodes.MESSAGE_TOO_BIG -> "message_too_big";
            case 1011 -> "internal_error";
            default -> "technician_left";
        };
    }
}
