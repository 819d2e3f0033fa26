package io.chaperone.consent;

import java.util.UUID;

/**
 * Fired synchronously BEFORE a revoke, suspend, end or expiry is committed, so the live relay stops
 * forwarding at once: no command may pass once the change has committed. If the change then fails,
 * the live session stays closed (fail closed); the technician reconnects with a new ticket. The relay closes
 * only for an {@code actor} the live session knows may (its resident, its technician, ops, the gateway): the
 * event fires before the transition's own access check.
 */
public record SessionClosing(UUID sessionId, SessionAction action, Actor actor) {
}
