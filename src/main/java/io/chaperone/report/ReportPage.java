package io.chaperone.report;

import io.chaperone.policy.Operation;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Words and formats for the HTML report (templates/report.html), so the template holds no logic. */
public final class ReportPage {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final SessionReport report;

    ReportPage(SessionReport report) {
        this.report = report;
    }

    public String when(java.time.Instant at) {
        return at == null ? "—" : WHEN.format(at);
    }

    public String result(String result) {
        return switch (result == null ? "" : result) {
            case "ok" -> "done";
            case "failed" -> "failed";
            default -> "no answer";
        };
    }

    public String opTitle(String op) {
        return Operation.fromWire(op).map(o -> o.description().title()).orElse(op);
    }

    public String persistence(String persistence) {
        return Explanations.persistence(persistence);
    }

    public String rollback(String rollback) {
        return switch (rollback == null ? "" : rollback) {
            case "restored" -> "rolled back";
            case "conflict" -> "not rolled back: the setting had changed again";
            case "failed" -> "rollback failed";
            case "offline" -> "rollback waiting: hub offline";
            default -> "";
        };
    }

    public String denialReason(String reason) {
        return switch (reason == null ? "" : reason) {
            case "out_of_scope" -> "not part of what you approved";
            case "rate_limited" -> "too many commands at once";
            case "expired" -> "the approved time had run out";
            case "aggregated" -> "further refusals, counted together";
            default -> reason.replace('_', ' ');
        };
    }

    public String riskLevel() {
        return switch (report.risk().level()) {
            case "high" -> "High — please review this session";
            case "medium" -> "Medium — worth a look";
            default -> "Low";
        };
    }

    public List<String> revealed() {
        return report.privacy().revealed();
    }
}
