package io.chaperone.trust;

import io.chaperone.identity.Caller;
import io.chaperone.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Set;

/**
 * Whether a caller's token shows a second factor: its {@code acr} is one of the configured MFA
 * values or its {@code amr} names one of the MFA methods (the same lists as the resident step-up).
 */
@ApplicationScoped
public class MfaRequirement {

    private final Set<String> mfaAcr;
    private final Set<String> mfaAmr;

    MfaRequirement(@ConfigProperty(name = "chaperone.consent.step-up.mfa-acr") List<String> mfaAcr,
                   @ConfigProperty(name = "chaperone.consent.step-up.mfa-amr") List<String> mfaAmr) {
        this.mfaAcr = Set.copyOf(mfaAcr);
        this.mfaAmr = Set.copyOf(mfaAmr);
    }

    public boolean satisfiedBy(Caller caller) {
        return caller.acr().filter(mfaAcr::contains).isPresent()
                || caller.amr().stream().anyMatch(mfaAmr::contains);
    }

    /** The 403 {@code mfa_required} answer for a caller that did not sign in with a second factor. */
    public static ProblemException missing() {
        return ProblemException.forbidden("mfa_required", "this needs a sign-in with a second factor");
    }
}
