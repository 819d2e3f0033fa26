package io.chaperone.trust;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** Connect tickets ({@code chaperone.tickets.*}). */
@ConfigMapping(prefix = "chaperone.tickets")
public interface TicketsConfig {

    /** The longest a connect ticket may ever live: it only has to survive one socket upgrade. */
    Duration MAX_LIFETIME = Duration.ofSeconds(30);

    /** Lifetime of a connect ticket: more than zero, at most {@link #MAX_LIFETIME}, whole seconds. */
    Duration lifetime();

    /** Fails the start of the gateway on a lifetime outside the allowed range. */
    static Duration validated(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0
                || lifetime.getNano() != 0) {
            throw new IllegalStateException("chaperone.tickets.lifetime must be whole seconds in (0s, 30s], was "
                    + lifetime);
        }
        return lifetime;
    }
}
