package io.chaperone.consent;

/** The states of ARCHITECTURE §3; stored lower-case in the database. */
public enum SessionState {
    requested, approved, active, suspended, ended, revoked, expired, denied, cancelled;

    public boolean terminal() {
        return switch (this) {
            case ended, revoked, expired, denied, cancelled -> true;
            default -> false;
        };
    }
}
