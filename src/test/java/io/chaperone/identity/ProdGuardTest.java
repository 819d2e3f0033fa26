package io.chaperone.identity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The development issuer and clean-at-start are refused in every profile but demo, dev and test. */
class ProdGuardTest {

    @Test
    void shouldRefuseTheDevelopmentIssuerInAStagingProfile() {
        assertThatThrownBy(() -> ProdGuard.check(List.of("staging"), true, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chaperone.dev-issuer.enabled=true");
    }

    @Test
    void shouldRefuseCleanAtStartInAStagingProfile() {
        assertThatThrownBy(() -> ProdGuard.check(List.of("staging"), false, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("quarkus.flyway.clean-at-start=true");
    }

    @Test
    void shouldRefuseBothInTheBenchProfileAlone() {
        assertThatThrownBy(() -> ProdGuard.check(List.of("bench"), true, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ProdGuard.check(List.of("bench"), false, true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseTheDevelopmentIssuerInProd() {
        assertThatThrownBy(() -> ProdGuard.check(List.of("prod"), true, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldStartAProfileWithNeitherSwitch() {
        assertThatCode(() -> ProdGuard.check(List.of("staging"), false, false)).doesNotThrowAnyException();
    }

    @Test
    void shouldAllowBothInTheDevelopmentProfilesAndBenchOnTopOfDev() {
        for (List<String> profiles : List.of(List.of("demo"), List.of("dev"), List.of("test"), List.of("dev", "bench"))) {
            assertThatCode(() -> ProdGuard.check(profiles, true, true)).as("%s", profiles).doesNotThrowAnyException();
        }
    }
}
