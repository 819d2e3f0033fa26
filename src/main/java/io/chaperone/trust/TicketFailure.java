package io.chaperone.trust;

/** Why a connect ticket was refused; {@link #code()} is the stable wire code. */
public enum TicketFailure {
    /** Bad signature, unknown kid, an algorithm other than ES256, wrong typ/iss/aud, malformed claims. */
    INVALID("ticket_invalid", "the connect ticket is not valid"),
    EXPIRED("ticket_expired", "the connect ticket has expired"),
    WRONG_SESSION("ticket_wrong_session", "the connect ticket does not open this session"),
    REPLAYED("ticket_replayed", "the connect ticket was already used"),
    KEY_MISMATCH("ticket_key_mismatch", "the connect ticket is bound to another key");

    private final String code;
    private final String detail;

    TicketFailure(String code, String detail) {
        this.code = code;
        this.detail = detail;
    }

    public String code() { return code; }

    public String detail() { return detail; }
}
