package io.chaperone.consent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Set;

/** The consent rules ({@code chaperone.consent.*}): how long sessions and requests may live, what step-up means. */
@ConfigMapping(prefix = "chaperone.consent")
public interface ConsentConfig {

    /** No session lasts longer than this, whatever its template says. */
    @WithName("global-max-duration")
    Duration globalMaxDuration();

    /** A request the resident has not answered within this becomes expired. */
    @WithName("request-ttl")
    Duration requestTtl();

    /** How often an accepted revocation that is not yet recorded is retried (docs/adr/0007). */
    @WithName("revocation-retry")
    Duration revocationRetry();

    /** Step-up for approvals: a recent login with a second factor. */
    @WithName("step-up")
    StepUpConfig stepUp();

    interface StepUpConfig {
        /** The longest time since {@code auth_time} an approval accepts. */
        @WithName("max-age")
        Duration maxAge();

        /** {@code acr} values that show a second factor. */
        @WithName("mfa-acr")
        Set<String> mfaAcr();

        /** {@code amr} values that show a second factor; one is enough. */
        @WithName("mfa-amr")
        Set<String> mfaAmr();
    }
}
