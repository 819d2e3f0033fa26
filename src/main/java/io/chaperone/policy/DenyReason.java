package io.chaperone.policy;

/**
 * Why a frame was refused, with its stable wire code (the {@code code} of a {@code denied} frame).
 * Each reason owns its {@link Decision.Deny} constant, so judging a frame never allocates.
 */
public enum DenyReason {
    OUT_OF_SCOPE("out_of_scope", true, "the approved scope does not include this operation on this device"),
    EXPIRED("expired", false, "the session has expired"),
    RATE_LIMITED("rate_limited", false, "too many commands; wait a moment"),
    AUDIT_UNAVAILABLE("audit_unavailable", false, "the command could not be recorded, so it was not sent"),
    DEVICE_UNKNOWN("device_unknown", false, "the hub does not report this device"),
    HUB_OFFLINE("hub_offline", false, "the hub is not connected"),
    SESSION_NOT_ACTIVE("session_not_active", false, "the session is not active"),
    HUB_QUARANTINED("hub_quarantined", false, "the hub has not passed attestation"),
    UPDATE_UNSIGNED("update_unsigned", false, "a firmware update needs artifactSha256, version and a vendor signature"),
    UPDATE_SIGNATURE_INVALID("update_signature_invalid", false, "no vendor key of this device's model verifies the signature"),
    UPDATE_WRONG_MODEL("update_wrong_model", false, "the firmware is signed for another device model"),
    UPDATE_DOWNGRADE("update_downgrade", false, "the version is older than the installed firmware"),
    /** A command id still running in this session; a technician gets it as an {@code error} frame, not {@code denied}. */
    DUPLICATE_ID("duplicate_id", false, "a command with this id is still running");

    private final String code;
    private final boolean escalatable;
    private final String message;
    private final Decision.Deny decision;

    DenyReason(String code, boolean escalatable, String message) {
        this.code = code;
        this.escalatable = escalatable;
        this.message = message;
        this.decision = new Decision.Deny(this);
    }

    /** The stable wire code. */
    public String code() { return code; }

    /** Whether the technician may ask the resident to widen the scope instead (an escalation). */
    public boolean escalatable() { return escalatable; }

    /** A plain-language message for the technician; never contains payload or identifiers. */
    public String message() { return message; }

    /** The shared, allocation-free decision for this reason. */
    public Decision.Deny decision() { return decision; }
}
