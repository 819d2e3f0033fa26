package io.chaperone.consent;

import java.time.Instant;
import java.util.UUID;

/** A support ticket on the wire. */
public record SupportTicketView(UUID id, UUID homeId, UUID providerId, String category, String summary,
                                String state, Instant createdAt, Instant updatedAt) {

    static SupportTicketView of(SupportTicket t) {
        return new SupportTicketView(t.id, t.homeId, t.providerId, t.category, t.summary, t.state, t.createdAt,
                t.updatedAt);
    }
}
