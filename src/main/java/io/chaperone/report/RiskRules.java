package io.chaperone.report;

import io.chaperone.change.ChangeView;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The documented risk rules of docs/report.md "Risk assessment". Each rule that applies adds a factor; the report's
 * level is the highest factor's (low when none applies).
 */
final class RiskRules {

    /** Device kinds whose misuse endangers the home itself. */
    static final Set<String> SECURITY_KINDS = Set.of("lock", "camera", "alarm");
    /** Operations that change a device (a security device touched by one of these is high risk). */
    static final Set<String> CHANGING_OPS = Set.of("config.write", "config.restore", "device.reboot", "hub.reboot",
            "firmware.update");
    /** Denials from this many on are a factor (a technician trying what was not approved). */
    static final int DENIALS_FACTOR = 5;

    private RiskRules() {
    }

    static SessionReport.Risk assess(List<SessionReport.Command> commands, List<SessionReport.Device> touched,
                                     List<SessionReport.Denial> denials, List<SessionReport.EscalationLine> escalations,
                                     List<SessionReport.Flag> anomalies, List<ChangeView> changes) {
        List<SessionReport.Factor> factors = new ArrayList<>();
        long firmware = commands.stream().filter(c -> "firmware.update".equals(c.op()) && "ok".equals(c.result())).count();
        if (firmware > 0) {
            factors.add(new SessionReport.Factor("firmware_installed", "high",
                    "New firmware was installed on " + firmware + " device(s)."));
        }
        for (SessionReport.Device device : touched) {
            if (!device.security()) {
                continue;
            }
            boolean changed = commands.stream().anyMatch(c -> device.id().equals(c.device()) && CHANGING_OPS.contains(c.op()));
            factors.add(new SessionReport.Factor("security_device", changed ? "high" : "medium",
                    "The " + device.kind() + " " + device.id() + (changed ? " was changed or restarted." : " was accessed.")));
        }
        if (!escalations.isEmpty()) {
            long approved = escalations.stream().filter(e -> "approved".equals(e.state())).count();
            factors.add(new SessionReport.Factor("escalations", "medium", "The technician asked for more access "
                    + escalations.size() + " time(s); " + approved + " approved."));
        }
        if (!anomalies.isEmpty()) {
            boolean severe = anomalies.stream().anyMatch(a -> a.kind().contains("severe") || a.outcome() != null
                    && a.outcome().contains("severe"));
            factors.add(new SessionReport.Factor("anomalies", severe ? "high" : "medium",
                    anomalies.size() + " unusual activity flag(s) were raised."));
        }
        long reverted = changes.stream().filter(c -> "reverted".equals(c.persistence())).count();
        if (reverted > 0) {
            factors.add(new SessionReport.Factor("reverted_changes", "medium",
                    reverted + " setting change(s) did not stay after the session."));
        }
        long unknown = changes.stream().filter(c -> "unknown".equals(c.persistence())).count();
        if (unknown > 0) {
            factors.add(new SessionReport.Factor("unchecked_changes", "medium",
                    unknown + " setting change(s) could not be checked: the hub was offline."));
        }
        int denied = denials.stream().mapToInt(d -> d.count() == null ? 1 : d.count()).sum();
        if (denied >= DENIALS_FACTOR) {
            factors.add(new SessionReport.Factor("denials", "medium",
                    denied + " commands were refused because they were not approved."));
        }
        String level = factors.stream().map(SessionReport.Factor::level).reduce("low", RiskRules::higher);
        return new SessionReport.Risk(level, factors);
    }

    static String higher(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(String level) {
        return switch (level) {
            case "high" -> 2;
            case "medium" -> 1;
            default -> 0;
        };
    }
}
