package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.policy.DenyReason;

/** What became of a {@link SystemCommand}. */
public sealed interface CommandOutcome {

    String commandId();

    /** Whether the command reached the hub (after its C1 audit record committed). */
    boolean forwarded();

    /**
     * Forwarded, and the hub answered: {@code result} is the hub's {@code result} frame without {@code sid}
     * ({@code ok}, {@code data}, {@code configChange}, {@code error}), unredacted: it stays inside the gateway.
     * The audit row of the result holds the redacted content, as for a technician.
     */
    record Answered(String commandId, boolean ok, ObjectNode result) implements CommandOutcome {
        @Override
        public boolean forwarded() { return true; }
    }

    /** Forwarded, but no result arrived within the configured timeout (or the hub went away first). */
    record Unanswered(String commandId) implements CommandOutcome {
        @Override
        public boolean forwarded() { return true; }
    }

    /** Refused before it left, for {@code reason}; never forwarded later. */
    record Denied(String commandId, DenyReason reason) implements CommandOutcome {
        @Override
        public boolean forwarded() { return false; }
    }
}
