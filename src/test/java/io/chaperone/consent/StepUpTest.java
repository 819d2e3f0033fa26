package io.chaperone.consent;

import io.chaperone.identity.Caller;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The step-up rule with fixed instants (the REST tests check the same boundaries end to end). */
class StepUpTest {

    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    final StepUp stepUp = new StepUp(Duration.ofMinutes(5), Duration.ofSeconds(30), Set.of("mfa"), Set.of("otp", "hwk"));

    @Test
    void shouldAcceptALoginOneSecondInsideMaxAge() {
        assertDoesNotThrow(() -> stepUp.require(resident(NOW.minusSeconds(299), "mfa", Set.of("pwd")), NOW));
    }

    @Test
    void shouldAcceptALoginExactlyMaxAgeOld() {
        assertDoesNotThrow(() -> stepUp.require(resident(NOW.minusSeconds(300), "mfa", Set.of("pwd")), NOW));
    }

    @Test
    void shouldChallengeALoginOneSecondPastMaxAge() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> stepUp.require(resident(NOW.minusSeconds(301), "mfa", Set.of("otp")), NOW));
        assertEquals(401, refused.status());
        assertEquals("step_up_required", refused.code());
        String header = refused.headers().get("WWW-Authenticate");
        assertEquals("Bearer error=\"insufficient_user_authentication\", error_description=\""
                + "the login is older than 300 seconds; sign in again\", acr_values=\"mfa\", max_age=300", header);
    }

    @Test
    void shouldAcceptALoginExactlyClockSkewInTheFuture() {
        assertDoesNotThrow(() -> stepUp.require(resident(NOW.plusSeconds(30), "mfa", Set.of("pwd")), NOW));
    }

    @Test
    void shouldChallengeALoginOneMillisecondBeyondClockSkewInTheFuture() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> stepUp.require(resident(NOW.plusSeconds(30).plusMillis(1), "mfa", Set.of("pwd")), NOW));
        assertEquals(401, refused.status());
        assertEquals("step_up_required", refused.code());
        assertEquals(true, refused.headers().get("WWW-Authenticate").contains("the login time lies in the future"));
    }

    @Test
    void shouldChallengeAFreshLoginWithoutSecondFactor() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> stepUp.require(resident(NOW, "pwd", Set.of("pwd")), NOW));
        assertEquals("step_up_required", refused.code());
        assertEquals(true, refused.headers().get("WWW-Authenticate").contains("acr_values=\"mfa\", max_age=300"));
    }

    @Test
    void shouldAcceptASecondFactorShownOnlyInAmr() {
        assertDoesNotThrow(() -> stepUp.require(resident(NOW, "pwd", Set.of("pwd", "hwk")), NOW));
    }

    @Test
    void shouldChallengeATokenWithoutAuthTime() {
        Caller caller = new Caller("r", Role.RESIDENT, Optional.empty(), "r", "r@x", Optional.empty(),
                Optional.of("mfa"), Set.of());
        assertEquals("step_up_required", assertThrows(ProblemException.class, () -> stepUp.require(caller, NOW)).code());
    }

    @Test
    void shouldRefuseATechnicianWithoutSecondFactor() {
        Caller caller = new Caller("t", Role.TECHNICIAN, Optional.of("org"), "t", "t@x", Optional.of(NOW),
                Optional.of("pwd"), Set.of("pwd"));
        ProblemException refused = assertThrows(ProblemException.class, () -> stepUp.requireMfa(caller));
        assertEquals(403, refused.status());
        assertEquals("mfa_required", refused.code());
    }

    private static Caller resident(Instant authTime, String acr, Set<String> amr) {
        return new Caller("r", Role.RESIDENT, Optional.empty(), "r", "r@x", Optional.of(authTime), Optional.of(acr), amr);
    }
}
