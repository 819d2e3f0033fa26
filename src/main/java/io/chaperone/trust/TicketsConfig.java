package io.chaperone.trust;

import io.smallrye.config.ConfigMapping;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Connect tickets ({@code chaperone.tickets.*}). */
@ConfigMapping(prefix = "chaperone.tickets")
public interface TicketsConfig {

    /** The longest a connect ticket may ever live: it only has to survive one socket upgrade. */
    Duration MAX_LIFETIME = Duration.ofSeconds(30);
    /** The widest DPoP {@code iat} window: proofs are made right before the request they prove. */
    Duration MAX_PROOF_SKEW = Duration.ofMinutes(5);

    /** Lifetime of a connect ticket: more than zero, at most {@link #MAX_LIFETIME}, whole seconds. */
    Duration lifetime();

    /** Every ticket must be bound to a client key ({@code cnf.jkt}); unbound mint requests are refused. */
    boolean requireKeyBinding();

    /** DPoP proofs of possession (RFC 9449) for key-bound tickets. */
    Dpop dpop();

    interface Dpop {

        /** How far a proof's {@code iat} may lie before or after the gateway clock; in (0, 5 min]. */
        Duration maxSkew();

        /**
         * The gateway's public {@code scheme://host[:port]} as clients see it (behind a proxy). Set: a
         * proof's {@code htu} must name it. Unset: the scheme and {@code Host} the gateway itself
         * received; {@code X-Forwarded-*} is never read for this.
         */
        Optional<URI> publicBaseUrl();
    }

    /** Fails the start of the gateway on a lifetime outside the allowed range. */
    static Duration validated(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0
                || lifetime.getNano() != 0) {
            throw new IllegalStateException("chaperone.tickets.lifetime must be whole seconds in (0s, 30s], was "
                    + lifetime);
        }
        return lifetime;
    }

    /** Fails the start of the gateway on a proof window outside the allowed range. */
    static Duration validatedSkew(Duration skew) {
        if (skew.isNegative() || skew.isZero() || skew.compareTo(MAX_PROOF_SKEW) > 0) {
            throw new IllegalStateException("chaperone.tickets.dpop.max-skew must be in (0s, 5m], was " + skew);
        }
        return skew;
    }
}
