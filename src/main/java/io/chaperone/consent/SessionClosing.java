package io.chaperone.consent;

import java.util.UUID;

/**
 * Fired synchronously BEFORE a revoke, suspend, end or expiry is committed, so the live relay stops
 * forwarding at once: no command may pass once the change has committed. If the change then fails,
 * the live session stays closed (fail closed); the technician reconnects with a new ticket.
 */
public record SessionClosing(UUID sessionId, SessionAction action) {
}
