package io.chaperone.cluster;

import io.chaperone.protocol.CloseCodes;
import io.quarkus.websockets.next.CloseReason;

/**
 * Fired on every feed tick while this node cannot confirm the revocation state for longer than the bound: the relay
 * shuts its live sessions with {@link #REASON} (4005, fail closed; the session stays approved, ADR 0018).
 *
 * @param unconfirmedMillis how long the revocation state has been unconfirmed
 */
public record FeedUnconfirmed(long unconfirmedMillis) {

    public static final CloseReason REASON = new CloseReason(CloseCodes.AUDIT_UNAVAILABLE, "revocation state unconfirmed");
}
