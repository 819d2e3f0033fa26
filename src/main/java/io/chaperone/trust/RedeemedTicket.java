package io.chaperone.trust;

import java.util.UUID;

/** A connect ticket that was valid and is now spent: who may open which session. */
public record RedeemedTicket(UUID sessionId, UUID technicianId, String technicianSubject, String jti) {
}
