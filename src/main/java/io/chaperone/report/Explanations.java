package io.chaperone.report;

/** Plain-language sentences for the stable codes a report shows (docs/report.md). */
final class Explanations {

    private Explanations() {
    }

    static String closeCause(String cause) {
        return switch (cause == null ? "" : cause) {
            case "revoked" -> "You revoked the technician's access.";
            case "expired" -> "The approved time ran out.";
            case "ended" -> "The session was ended.";
            case "suspended" -> "The session was paused.";
            case "terminated" -> "An operator stopped the session.";
            case "hub_offline" -> "Your hub went offline, so the connection was closed.";
            case "attestation_failed" -> "Your hub failed its security check, so the connection was closed.";
            case "audit_unavailable" -> "The record-keeping system was unavailable, so the connection was closed for safety.";
            case "superseded" -> "The connection was replaced by a newer one.";
            case "slow_consumer" -> "The technician's connection was too slow and was closed.";
            case "abuse", "message_too_big" -> "The technician's connection sent invalid data and was closed.";
            case "read_idle" -> "The technician's connection went silent and was closed.";
            case "technician_left" -> "The technician disconnected.";
            default -> "The connection was closed.";
        };
    }

    static String persistence(String persistence) {
        return switch (persistence == null ? "" : persistence) {
            case "persisted" -> "still in place";
            case "reverted" -> "did not stay (the device no longer has it)";
            case "superseded" -> "changed again later in the session";
            case "unknown" -> "not checked yet (the hub was offline)";
            default -> "not checked yet";
        };
    }
}
