package io.chaperone.consent;

import java.util.Optional;

/** The states of ARCHITECTURE §3; stored lower-case in the database. */
public enum SessionState {
    requested, approved, active, suspended, ended, revoked, expired, denied, cancelled,
    /** Ops pulled the kill switch (ADR 0010): distinct from the resident's {@code revoked}. */
    terminated;

    public boolean terminal() {
        return switch (this) {
            case ended, revoked, expired, denied, cancelled, terminated -> true;
            default -> false;
        };
    }

    /** Approved or active: the states in which a technician may work and escalate. */
    public boolean live() {
        return this == approved || this == active;
    }

    public static Optional<SessionState> fromWire(String name) {
        for (SessionState state : values()) {
            if (state.name().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
