package io.chaperone.report;

import io.chaperone.change.ChangeView;

import java.util.ArrayList;
import java.util.List;

/** The follow-up recommendations of a report, by the rules of docs/report.md "Follow-ups", in this order. */
final class FollowUps {

    private FollowUps() {
    }

    static List<String> of(ReportInput in, List<SessionReport.Command> commands, List<SessionReport.Device> devices,
                           List<SessionReport.Denial> denials, List<SessionReport.EscalationLine> escalations,
                           List<SessionReport.Flag> anomalies, SessionReport.Closed closed) {
        List<String> out = new ArrayList<>();
        for (ChangeView c : in.changes()) {
            if ("restored".equals(c.rollback())) {
                continue;
            }
            switch (c.persistence()) {
                case "persisted" -> out.add("Check that " + c.setting() + " on " + c.device()
                        + " works as you expect; you can roll this change back.");
                case "reverted" -> out.add("The change to " + c.setting() + " on " + c.device()
                        + " did not stay; ask " + providerOf(in) + " whether it is still needed.");
                case "unknown" -> out.add("The change to " + c.setting() + " on " + c.device()
                        + " could not be checked while your hub was offline; it is checked again when the hub is back.");
                default -> { }
            }
        }
        commands.stream().filter(c -> "firmware.update".equals(c.op()) && "ok".equals(c.result()))
                .map(SessionReport.Command::device).distinct()
                .forEach(d -> out.add("New firmware was installed on " + d + "; check that it works normally."));
        devices.stream().filter(SessionReport.Device::security)
                .forEach(d -> out.add("Review the settings of your " + d.kind() + " " + d.id() + "."));
        if (!anomalies.isEmpty()) {
            out.add("Review the unusual activity flagged during this session; revoke the provider's access if in doubt.");
        }
        int refused = denials.stream().mapToInt(d -> d.count() == null ? 1 : d.count()).sum();
        if (refused >= RiskRules.DENIALS_FACTOR) {
            out.add("The technician tried " + refused + " things you had not approved; ask " + providerOf(in) + " why.");
        }
        if (escalations.stream().anyMatch(e -> "denied".equals(e.state()))) {
            out.add("You refused a request for more access; if the problem remains, the technician may need it.");
        }
        if (in.ticket() != null && !"resolved".equals(in.ticket().state) && !"closed".equals(in.ticket().state)) {
            out.add("If the problem is fixed, resolve your ticket \"" + in.ticket().summary + "\".");
        }
        return out;
    }

    private static String providerOf(ReportInput in) {
        return in.provider() == null ? "the provider" : in.provider().name;
    }
}
