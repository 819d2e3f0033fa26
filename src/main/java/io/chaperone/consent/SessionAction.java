package io.chaperone.consent;

import java.util.EnumSet;
import java.util.Set;

import static io.chaperone.consent.SessionState.active;
import static io.chaperone.consent.SessionState.approved;
import static io.chaperone.consent.SessionState.requested;
import static io.chaperone.consent.SessionState.suspended;

/**
 * The actions that move a session between states (ARCHITECTURE §3), each with the one state it
 * leads to and the states it may start from. This table is the whole state machine; terminal
 * states appear in no {@code from} set, so they never change.
 */
public enum SessionAction {
    APPROVE(approved, "approved by resident", EnumSet.of(requested)),
    DENY(SessionState.denied, "denied by resident", EnumSet.of(requested)),
    CANCEL(SessionState.cancelled, "withdrawn by technician", EnumSet.of(requested)),
    /** The technician's socket connected. */
    ACTIVATE(active, "technician connected", EnumSet.of(approved)),
    /** The technician's socket went away: the approval still holds, the session waits for a reconnect. */
    DEACTIVATE(approved, "technician disconnected", EnumSet.of(active)),
    SUSPEND(suspended, "paused", EnumSet.of(approved, active)),
    /** Resume leads to approved, not active: the technician reconnects to become active again. */
    RESUME(approved, "resumed by resident", EnumSet.of(suspended)),
    END(SessionState.ended, "ended", EnumSet.of(approved, active, suspended)),
    REVOKE(SessionState.revoked, "revoked by resident", EnumSet.of(approved, active, suspended)),
    EXPIRE(SessionState.expired, "deadline passed", EnumSet.of(requested, approved, active, suspended)),
    /** The ops kill switch (ADR 0010): from any open state; the reason is the operator's. */
    KILL(SessionState.terminated, "terminated by ops", EnumSet.of(requested, approved, active, suspended));

    private final SessionState target;
    private final String defaultReason;
    private final Set<SessionState> from;

    SessionAction(SessionState target, String defaultReason, Set<SessionState> from) {
        this.target = target;
        this.defaultReason = defaultReason;
        this.from = from;
    }

    /** The reason recorded when the caller gives none. */
    public String defaultReason() { return defaultReason; }

    public SessionState target() { return target; }

    public boolean allowedFrom(SessionState state) { return from.contains(state); }

    /** Whether this action ends the technician's live connection (the relay shuts it before the commit). */
    public boolean closesLiveSession() {
        return this == REVOKE || this == SUSPEND || this == END || this == EXPIRE || this == KILL;
    }

    /** Lower-case name used on the wire and in reasons. */
    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
