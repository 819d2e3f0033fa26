package io.chaperone.relay;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark-only switches can never turn a check off outside the development profiles. */
class RelayChecksTest {

    @Test
    void shouldRefuseToStartInProdWithPolicyOff() {
        assertThatThrownBy(() -> RelayChecks.check(List.of("prod"), false, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chaperone.relay.benchmark");
    }

    @Test
    void shouldRefuseToStartInProdWithAuditOff() {
        assertThatThrownBy(() -> RelayChecks.check(List.of("prod"), true, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chaperone.relay.benchmark");
    }

    @Test
    void shouldRefuseTheSwitchesInAStagingProfile() {
        assertThatThrownBy(() -> RelayChecks.check(List.of("staging"), false, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chaperone.relay.benchmark");
    }

    @Test
    void shouldRefuseTheSwitchesInTheBenchProfileAlone() {
        assertThatThrownBy(() -> RelayChecks.check(List.of("bench"), false, false))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldStartInProdWithBothChecksOn() {
        assertThatCode(() -> RelayChecks.check(List.of("prod"), true, true)).doesNotThrowAnyException();
    }

    @Test
    void shouldAllowTheSwitchesInTheBenchProfileRunOnTopOfDev() {
        assertThatCode(() -> RelayChecks.check(List.of("dev", "bench"), false, false)).doesNotThrowAnyException();
    }
}
