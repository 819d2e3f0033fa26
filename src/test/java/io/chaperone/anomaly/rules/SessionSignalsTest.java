package io.chaperone.anomaly.rules;

import io.chaperone.policy.Operation;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The anomaly rules on their counters, with the documented defaults and their boundaries to the millisecond. */
class SessionSignalsTest {

    private static final Thresholds DEFAULTS = new Thresholds(1.5, 3, 6, 30_000, 120_000,
            Set.of("lock", "camera", "alarm"), 0, 5);
    private static final long T = 1_700_000_000_000L;

    private final SessionSignals signals = new SessionSignals(DEFAULTS, 10);

    private Flag deny(long at) {
        return signals.command(at, true, Operation.DIAG_READ, "thermostat", 12);
    }

    @Test
    void shouldWarnAtTheThirdDenialAndFlagSevereAtTheSixthWithinTheWindow() {
        assertThat(deny(T)).isNull();
        assertThat(deny(T + 1)).isNull();
        assertThat(deny(T + 2)).isEqualTo(new Flag(Rule.DENIAL_BURST, Severity.WARNING, 3, 3));
        assertThat(deny(T + 3)).isNull();
        assertThat(deny(T + 4)).isNull();
        assertThat(deny(T + 29_999)).isEqualTo(new Flag(Rule.DENIAL_BURST, Severity.SEVERE, 6, 6));
        assertThat(deny(T + 30_000)).isNull();
    }

    @Test
    void shouldNotFlagSixDenialsSpreadOverExactlyTheWindow() {
        for (int i = 0; i < 5; i++) {
            deny(T + i * 10_000L); // warning at the third: 20 s < 30 s
        }
        assertThat(deny(T + 30_000 + 10_000)).isNull(); // oldest of the last six is T: 40 s ago
        SessionSignals spread = new SessionSignals(DEFAULTS, 10);
        for (int i = 0; i < 5; i++) {
            spread.command(T + i, true, null, null, 12);
        }
        assertThat(spread.command(T + 30_000, true, null, null, 12)).isNull();
    }

    @Test
    void shouldForgiveTheBurstOnResume() {
        for (int i = 0; i < 6; i++) {
            deny(T + i);
        }
        signals.resumed();
        assertThat(deny(T + 10)).isNull();
        assertThat(deny(T + 11)).isNull();
        assertThat(deny(T + 12)).isEqualTo(new Flag(Rule.DENIAL_BURST, Severity.WARNING, 3, 3));
    }

    @Test
    void shouldWarnOnceWhenAMinuteHoldsMoreThanTheExpectedRateTimesTheFactor() {
        for (int i = 0; i < 15; i++) {
            assertThat(signals.command(T + i, false, Operation.DIAG_READ, "thermostat", 12)).isNull();
        }
        assertThat(signals.command(T + 15, false, Operation.DIAG_READ, "thermostat", 12))
                .isEqualTo(new Flag(Rule.COMMAND_RATE, Severity.WARNING, 16, 15));
        assertThat(signals.command(T + 16, false, Operation.DIAG_READ, "thermostat", 12)).isNull();
    }

    @Test
    void shouldWarnOnAWriteToASecurityDeviceButNotOnARead() {
        assertThat(signals.command(T, false, Operation.CONFIG_READ, "lock", 12)).isNull();
        assertThat(signals.command(T + 1, false, Operation.CONFIG_WRITE, "thermostat", 12)).isNull();
        assertThat(signals.command(T + 2, false, Operation.CONFIG_WRITE, "lock", 12))
                .isEqualTo(new Flag(Rule.SECURITY_DEVICE_OP, Severity.WARNING, 1, 0));
    }

    @Test
    void shouldWarnOnACommandUpToTheWindowAfterARefusedEscalation() {
        signals.escalationRefused(T);
        SessionSignals late = new SessionSignals(DEFAULTS, 10);
        late.escalationRefused(T);

        assertThat(late.command(T + 120_001, false, Operation.DIAG_READ, "thermostat", 12)).isNull();
        assertThat(signals.command(T + 120_000, false, Operation.DIAG_READ, "thermostat", 12))
                .isEqualTo(new Flag(Rule.AFTER_REFUSED_ESCALATION, Severity.WARNING, 120_000, 120_000));
    }

    @Test
    void shouldWarnInQuietHoursIncludingAWindowThatWrapsPastMidnight() {
        assertThat(signals.command(T, false, Operation.DIAG_READ, "thermostat", 5)).isNull();
        assertThat(signals.command(T + 1, false, Operation.DIAG_READ, "thermostat", 4))
                .isEqualTo(new Flag(Rule.UNUSUAL_HOUR, Severity.WARNING, 4, 0));
        Thresholds night = new Thresholds(1.5, 3, 6, 30_000, 120_000, Set.of(), 22, 6);
        assertThat(night.quiet(23)).isTrue();
        assertThat(night.quiet(5)).isTrue();
        assertThat(night.quiet(6)).isFalse();
        assertThat(night.quiet(21)).isFalse();
    }
}
