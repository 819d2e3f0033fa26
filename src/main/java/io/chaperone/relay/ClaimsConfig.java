package io.chaperone.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The cluster-wide claim of a session's one technician connection ({@code chaperone.claims.*}, ADR 0019).
 * {@code lease} bounds how long a dead node's claim blocks a reconnect elsewhere; the node renews well within it.
 */
@ConfigMapping(prefix = "chaperone.claims")
public interface ClaimsConfig {

    @WithDefault("15s")
    Duration lease();

    @WithDefault("5s")
    Duration renewEvery();

    /** Checked at start: a renewal interval that is not well inside the lease lets live claims lapse. */
    default void validate() {
        if (lease().isNegative() || lease().isZero() || renewEvery().isNegative() || renewEvery().isZero()
                || renewEvery().multipliedBy(2).compareTo(lease()) > 0) {
            throw new IllegalStateException("chaperone.claims.renew-every must be positive and at most half of chaperone.claims.lease");
        }
    }
}
