package io.chaperone.consent;

import io.chaperone.identity.Role;

import java.util.Optional;

/**
 * The states of a support ticket, stored and sent lower-case. Technicians move work forward
 * ({@code open → in_progress → resolved}); only the resident closes: after resolution, or earlier to
 * withdraw the ticket. {@code closed} is final.
 */
public enum TicketState {
    open, in_progress, resolved, closed;

    public boolean canMoveTo(TicketState target, Role actor) {
        return switch (this) {
            case open -> target == in_progress && actor == Role.TECHNICIAN || target == closed && actor == Role.RESIDENT;
            case in_progress -> target == resolved && actor == Role.TECHNICIAN || target == closed && actor == Role.RESIDENT;
            case resolved -> target == closed && actor == Role.RESIDENT;
            case closed -> false;
        };
    }

    public static Optional<TicketState> fromWire(String name) {
        for (TicketState state : values()) {
            if (state.name().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
