package io.chaperone.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented risk rules of docs/report.md, one by one. */
class RiskRulesTest {

    private static SessionReport.Command command(String device, String op, String result) {
        return new SessionReport.Command("c", Instant.EPOCH, "tech", device, op, op, result);
    }

    @Test
    void shouldBeLowWhenNoRuleApplies() {
        SessionReport.Risk risk = RiskRules.assess(List.of(command("thermostat-1", "diag.read", "ok")),
                List.of(new SessionReport.Device("thermostat-1", "thermostat", false)), List.of(), List.of(), List.of(), List.of());
        assertThat(risk.level()).isEqualTo("low");
        assertThat(risk.factors()).isEmpty();
    }

    @Test
    void shouldRateInstalledFirmwareAndAChangedLockHigh() {
        SessionReport.Risk risk = RiskRules.assess(
                List.of(command("lock-1", "config.write", "ok"), command("thermostat-1", "firmware.update", "ok")),
                List.of(new SessionReport.Device("lock-1", "lock", true), new SessionReport.Device("thermostat-1", "thermostat", false)),
                List.of(), List.of(), List.of(), List.of());
        assertThat(risk.level()).isEqualTo("high");
        assertThat(risk.factors()).extracting(SessionReport.Factor::rule, SessionReport.Factor::level)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("firmware_installed", "high"),
                        org.assertj.core.groups.Tuple.tuple("security_device", "high"));
    }

    @Test
    void shouldRateAReadCameraEscalationsAndFiveDenialsMedium() {
        List<SessionReport.Denial> denials = List.of(new SessionReport.Denial(null, Instant.EPOCH, null, null, "aggregated", 4),
                new SessionReport.Denial("c-9", Instant.EPOCH, "lock-1", "config.write", "out_of_scope", null));
        SessionReport.Risk risk = RiskRules.assess(List.of(command("camera-1", "diag.read", "ok")),
                List.of(new SessionReport.Device("camera-1", "camera", true)), denials,
                List.of(new SessionReport.EscalationLine(null, Instant.EPOCH, null, "denied", "why", null)), List.of(), List.of());
        assertThat(risk.level()).isEqualTo("medium");
        assertThat(risk.factors()).extracting(SessionReport.Factor::rule)
                .containsExactly("security_device", "escalations", "denials");
        assertThat(RiskRules.assess(List.of(), List.of(), denials.subList(0, 1), List.of(), List.of(), List.of()).level())
                .isEqualTo("low"); // 4 refusals: below the rule's 5
    }
}
