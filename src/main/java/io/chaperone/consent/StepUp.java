package io.chaperone.consent;

import io.chaperone.identity.Caller;
import io.chaperone.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's own check of step-up authentication (RFC 9470): libraries do not compare
 * {@code auth_time} with a maximum age, so we do. Approvals need a login at most {@code max-age}
 * old with a second factor; technicians need a second factor to ask for access at all. A login
 * "in the future" beyond the token clock skew is refused too: it would otherwise stay fresh for
 * longer than {@code max-age}.
 */
@ApplicationScoped
public class StepUp {

    private final Duration maxAge;
    private final Duration clockSkew;
    private final Set<String> mfaAcr;
    private final Set<String> mfaAmr;

    @Inject
    StepUp(ConsentConfig config, @ConfigProperty(name = "mp.jwt.verify.clock.skew") long clockSkewSeconds) {
        this(config.stepUp().maxAge(), Duration.ofSeconds(clockSkewSeconds), config.stepUp().mfaAcr(),
                config.stepUp().mfaAmr());
    }

    StepUp(Duration maxAge, Duration clockSkew, Set<String> mfaAcr, Set<String> mfaAmr) {
        this.maxAge = maxAge;
        this.clockSkew = clockSkew;
        this.mfaAcr = Set.copyOf(mfaAcr);
        this.mfaAmr = Set.copyOf(mfaAmr);
    }

    /**
     * Passes when the caller logged in with MFA no longer than max-age ago and no later than now plus the
     * token clock skew; otherwise a 401 challenge.
     */
    public void require(Caller caller, Instant now) {
        if (!hasMfa(caller)) {
            throw challenge("a second factor is required for this decision");
        }
        Instant authTime = caller.authTime().orElseThrow(() -> challenge("the token does not say when the login happened"));
        if (Duration.between(authTime, now).compareTo(maxAge) > 0) {
            throw challenge("the login is older than " + maxAge.toSeconds() + " seconds; sign in again");
        }
        if (authTime.isAfter(now.plus(clockSkew))) {
            throw challenge("the login time lies in the future; sign in again");
        }
    }

    /** Technicians must show a second factor (no freshness needed). */
    public void requireMfa(Caller caller) {
        if (!hasMfa(caller)) {
            throw ProblemException.forbidden("mfa_required", "sign in with a second factor to request access");
        }
    }

    public boolean hasMfa(Caller caller) {
        return caller.acr().map(mfaAcr::contains).orElse(false)
                || caller.amr().stream().anyMatch(mfaAmr::contains);
    }

    private ProblemException challenge(String description) {
        String header = "Bearer error=\"insufficient_user_authentication\", error_description=\"" + description
                + "\", acr_values=\"mfa\", max_age=" + maxAge.toSeconds();
        return new ProblemException(401, "step_up_required", description, Map.of("WWW-Authenticate", header));
    }
}
