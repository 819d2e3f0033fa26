package io.chaperone.consent.extension;

import java.time.Instant;
import java.util.UUID;

/** An extension as the session's parties see it. */
public record ExtensionView(UUID id, UUID sessionId, SessionExtension.State state, int minutes, String reason,
                            Instant requestedAt, Instant decidedAt, Instant previousExpiresAt, Instant newExpiresAt) {

    static ExtensionView of(SessionExtension e) {
        return new ExtensionView(e.id, e.sessionId, e.state, e.minutes, e.reason, e.requestedAt, e.decidedAt,
                e.previousExpiresAt, e.newExpiresAt);
    }
}
