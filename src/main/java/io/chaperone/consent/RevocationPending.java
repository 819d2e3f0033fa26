package io.chaperone.consent;

import java.util.UUID;

/**
 * The 202 answer to a revoke that was accepted but could not be recorded yet (docs/api.md): problem-shaped, so a
 * client that only reads {@code code} understands it, and explicit that the revocation stands.
 */
public record RevocationPending(String type, String title, int status, String code, String detail, UUID sessionId,
                                boolean revocationPending) {

    static RevocationPending of(UUID sessionId) {
        return new RevocationPending("urn:chaperone:problem:revocation_pending", "Accepted", 202, "revocation_pending",
                "the revocation is accepted and in force: the technician is disconnected and cannot reconnect; "
                        + "it is recorded as soon as the audit trail is available again", sessionId, true);
    }
}
