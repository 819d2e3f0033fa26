package io.chaperone.trust;

import java.time.Instant;
import java.util.UUID;

/** Answer of {@code POST /sessions/{id}/tickets}. */
public record IssuedConnectTicket(String ticket, Instant expiresAt, UUID sessionId) {
}
