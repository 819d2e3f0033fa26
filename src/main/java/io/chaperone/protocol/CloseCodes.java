package io.chaperone.protocol;

import io.quarkus.websockets.next.CloseReason;

/** WebSocket close codes of protocol v1 (ARCHITECTURE §5, docs/protocol.md). Reasons stay under 123 bytes. */
public final class CloseCodes {

    public static final int SESSION_EXPIRED = 4001;
    public static final int REVOKED = 4002;
    public static final int ENDED = 4003;
    public static final int SUSPENDED = 4004;
    public static final int AUDIT_UNAVAILABLE = 4005;
    public static final int HUB_OFFLINE = 4006;
    public static final int ATTESTATION_FAILED = 4007;
    public static final int SUPERSEDED = 4008;
    /** Added in v1 by this implementation: the peer does not read fast enough (no backpressure upstream). */
    public static final int SLOW_CONSUMER = 4009;
    /** Added by device trust: the hub's certificate was revoked (the resident removed the hub). */
    public static final int CERTIFICATE_REVOKED = 4010;
    /** Added by the ops kill switch (ADR 0010): an operator terminated the session or killed its hub. */
    public static final int TERMINATED = 4011;
    /** Added by device trust: the certificate the hub connected with reached its notAfter (re-enroll or renew). */
    public static final int CERTIFICATE_EXPIRED = 4012;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    /** RFC 6455 "try again later": a resident already holds as many activity sockets as allowed. */
    public static final int TRY_AGAIN_LATER = 1013;

    public static final CloseReason EXPIRED_REASON = new CloseReason(SESSION_EXPIRED, "session expired");
    public static final CloseReason REVOKED_REASON = new CloseReason(REVOKED, "revoked by resident");
    public static final CloseReason ENDED_REASON = new CloseReason(ENDED, "session ended");
    public static final CloseReason SUSPENDED_REASON = new CloseReason(SUSPENDED, "session suspended");
    public static final CloseReason AUDIT_REASON = new CloseReason(AUDIT_UNAVAILABLE, "audit unavailable");
    public static final CloseReason HUB_OFFLINE_REASON = new CloseReason(HUB_OFFLINE, "hub went offline");
    public static final CloseReason ATTESTATION_REASON = new CloseReason(ATTESTATION_FAILED, "attestation failed");
    public static final CloseReason SUPERSEDED_REASON = new CloseReason(SUPERSEDED, "superseded by a newer connection");
    public static final CloseReason SLOW_CONSUMER_REASON = new CloseReason(SLOW_CONSUMER, "slow consumer");
    public static final CloseReason CERTIFICATE_REVOKED_REASON = new CloseReason(CERTIFICATE_REVOKED, "certificate revoked");
    public static final CloseReason TERMINATED_REASON = new CloseReason(TERMINATED, "terminated by operator");
    public static final CloseReason CERTIFICATE_EXPIRED_REASON = new CloseReason(CERTIFICATE_EXPIRED, "certificate expired");
    public static final CloseReason ABUSE_REASON = new CloseReason(POLICY_VIOLATION, "protocol abuse");
    /** RFC 6455 "going away": no whole message and no pong within the read-idle timeout. */
    public static final CloseReason READ_IDLE_REASON = new CloseReason(1001, "read idle");
    public static final CloseReason TOO_MANY_SOCKETS_REASON = new CloseReason(TRY_AGAIN_LATER, "too many activity sockets");
    public static final CloseReason TOO_BIG_REASON = new CloseReason(MESSAGE_TOO_BIG, "message too big");

    private CloseCodes() {
    }
}
