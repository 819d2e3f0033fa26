package io.chaperone.relay;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark-only switches can never turn a check off in production. */
class RelayChecksTest {

    @Test
    void shouldRefuseToStartInProdWithPolicyOff() {
        assertThatThrownBy(() -> RelayChecks.check(List.of("prod"), LaunchMode.NORMAL, false, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chaperone.relay.benchmark");
    }

    @Test
    void shouldRefuseToStartInProdWithAuditOff() {
        assertThatThrownBy(() -> RelayChecks.check(List.of("prod"), LaunchMode.NORMAL, true, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chaperone.relay.benchmark");
    }

    @Test
    void shouldStartInProdWithBothChecksOn() {
        assertThatCode(() -> RelayChecks.check(List.of("prod"), LaunchMode.NORMAL, true, true)).doesNotThrowAnyException();
    }

    @Test
    void shouldAllowTheSwitchesInTheBenchProfile() {
        assertThatCode(() -> RelayChecks.check(List.of("bench"), LaunchMode.NORMAL, false, false)).doesNotThrowAnyException();
    }
}
