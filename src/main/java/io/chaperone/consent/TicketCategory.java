package io.chaperone.consent;

import java.util.Optional;

/** What a support ticket is about; a small fixed set so providers can route tickets. */
public enum TicketCategory {
    connectivity, device, security, update, other;

    public static Optional<TicketCategory> fromWire(String name) {
        for (TicketCategory category : values()) {
            if (category.name().equals(name)) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }
}
