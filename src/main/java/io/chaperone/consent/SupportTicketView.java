package io.chaperone.consent;

import java.time.Instant;
import java.util.UUID;

/** A support ticket on the wire; {@code resolution} is null until it is resolved (docs/api.md). */
public record SupportTicketView(UUID id, UUID homeId, UUID providerId, String category, String summary,
                                String state, Instant createdAt, Instant updatedAt, Resolution resolution) {

    public record Resolution(String outcome, String notes, Instant resolvedAt, String resolvedBy, UUID sessionId) {
    }

    static SupportTicketView of(SupportTicket t) {
        return new SupportTicketView(t.id, t.homeId, t.providerId, t.category, t.summary, t.state, t.createdAt,
                t.updatedAt, t.resolutionOutcome == null ? null : new Resolution(t.resolutionOutcome, t.resolutionNotes,
                t.resolvedAt, t.resolvedBy, t.resolvedSessionId));
    }
}
