package io.chaperone.consent;

import java.util.UUID;

/**
 * Fired synchronously BEFORE a revoke, suspend, end or expiry is committed, so the live relay stops
 * forwarding at once: no command may pass once the change has committed. If the change then fails,
 * the live session stays closed (fail closed); the technician reconnects with a new ticket. The relay closes
 * only for an {@code actor} the live session knows may (its resident, its technician, ops, the gateway): the
 * event fires before the transition's own access check.
 *
 * <p>{@code via} and {@code sinceNanos} time the revocation path (docs/operations.md, "Revocation latency"):
 * {@link Via#LOCAL} with the moment the deciding request arrived, or the path it came by from another node with the
 * moment this node received it ({@link System#nanoTime()} of this process either way).
 */
public record SessionClosing(UUID sessionId, SessionAction action, Actor actor, Via via, long sinceNanos) {

    /** How the closing reached this node: decided here, or from another node over NATS or the change feed. */
    public enum Via {
        LOCAL, NATS, FEED;

        /** The meter tag value. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A closing decided on this node now (no request to time it from). */
    public SessionClosing(UUID sessionId, SessionAction action, Actor actor) {
        this(sessionId, action, actor, Via.LOCAL, System.nanoTime());
    }

    /** Whether it came from another node. */
    public boolean remote() {
        return via != Via.LOCAL;
    }
}
