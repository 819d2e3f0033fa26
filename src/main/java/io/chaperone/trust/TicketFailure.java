package io.chaperone.trust;

import java.util.EnumSet;
import java.util.Set;

/** Why a connect ticket was refused; {@link #code()} is the stable wire code. */
public enum TicketFailure {
    /** Bad signature, unknown kid, an algorithm other than ES256, wrong typ/iss/aud, malformed claims. */
    INVALID("ticket_invalid", "the connect ticket is not valid"),
    EXPIRED("ticket_expired", "the connect ticket has expired"),
    WRONG_SESSION("ticket_wrong_session", "the connect ticket does not open this session"),
    REPLAYED("ticket_replayed", "the connect ticket was already used"),
    KEY_MISMATCH("ticket_key_mismatch", "the connect ticket is bound to another key"),
    /** The gateway requires key binding ({@code chaperone.tickets.require-key-binding}) and the ticket has none. */
    UNBOUND("ticket_unbound", "connect tickets must be bound to a key"),
    PROOF_REQUIRED("dpop_proof_required", "the connect ticket is bound to a key: send one DPoP proof"),
    /** Not a single well-formed dpop+jwt, an algorithm other than ES256/EdDSA, no public jwk, a bad signature. */
    PROOF_INVALID("dpop_proof_invalid", "the DPoP proof is not valid"),
    PROOF_WRONG_TARGET("dpop_proof_wrong_target", "the DPoP proof is for another method or URL (htm, htu)"),
    PROOF_STALE("dpop_proof_stale", "the DPoP proof's iat is outside the accepted window"),
    PROOF_WRONG_TICKET("dpop_proof_wrong_ticket", "the DPoP proof is not bound to this connect ticket (ath)"),
    PROOF_REPLAYED("dpop_proof_replayed", "the DPoP proof was already used");

    private static final Set<TicketFailure> ABOUT_PROOF = EnumSet.of(KEY_MISMATCH, PROOF_REQUIRED, PROOF_INVALID,
            PROOF_WRONG_TARGET, PROOF_STALE, PROOF_WRONG_TICKET, PROOF_REPLAYED);

    private final String code;
    private final String detail;

    TicketFailure(String code, String detail) {
        this.code = code;
        this.detail = detail;
    }

    public String code() { return code; }

    /** A refusal about the proof of possession rather than the ticket itself (RFC 9449 {@code invalid_dpop_proof}). */
    public boolean aboutProof() {
        return ABOUT_PROOF.contains(this);
    }

    public String detail() { return detail; }
}
