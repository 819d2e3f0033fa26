package io.chaperone.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaperone.change.ChangeView;
import io.chaperone.consent.Escalation;
import io.chaperone.consent.SupportSession;
import io.chaperone.policy.Operation;
import io.chaperone.privacy.SessionEvents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds a {@link SessionReport} from its inputs; pure, so every rule is testable without a database. */
final class ReportBuilder {

    /** A redaction marker inside a redacted text chunk (policy.Redactor writes compact JSON). */
    private static final Pattern MARKER_IN_TEXT = Pattern.compile("\"\\$redacted\":\"([a-z]+)\"");
    private static final String MARKER = "$redacted";

    private ReportBuilder() {
    }

    static SessionReport build(ReportInput in) {
        SupportSession s = in.session();
        Map<String, String> results = new HashMap<>();
        List<SessionReport.Denial> denials = new ArrayList<>();
        List<SessionReport.Flag> anomalies = new ArrayList<>();
        Map<String, Integer> redactions = new TreeMap<>();
        SessionReport.Closed closed = null;
        Instant connectedSince = null;
        long connectedMillis = 0;
        for (SessionEvents.Event e : in.events()) {
            switch (e.kind()) {
                case "result" -> {
                    results.put(e.correlationId(), e.outcome());
                    countMarkers(e.detail(), redactions);
                }
                case "output" -> countMarkers(e.detail(), redactions);
                case "command.denied", "command.abandoned" -> denials.add(denial(e));
                case "session.activated" -> connectedSince = e.at();
                case "session.closed" -> {
                    closed = closed(e);
                    if (connectedSince != null) {
                        connectedMillis += Duration.between(connectedSince, e.at()).toMillis();
                        connectedSince = null;
                    }
                }
                default -> {
                    if (e.kind().startsWith("anomaly")) {
                        anomalies.add(new SessionReport.Flag(e.at(), e.kind(), e.outcome()));
                    }
                }
            }
        }
        List<SessionReport.Command> commands = new ArrayList<>();
        List<SessionReport.Command> gateway = new ArrayList<>();
        Map<String, SessionReport.Device> touched = new LinkedHashMap<>();
        for (SessionEvents.Event e : in.events()) {
            if ("command".equals(e.kind())) {
                String title = Operation.fromWire(e.op()).map(op -> op.description().title()).orElse(e.op());
                SessionReport.Command command = new SessionReport.Command(e.correlationId(), e.at(), e.actor(), e.device(),
                        e.op(), title, results.getOrDefault(e.correlationId(), "none"));
                // The gateway's own commands (read-back, rollback: actor system…) are listed apart from the technician's.
                if (e.actor().startsWith("system")) {
                    gateway.add(command);
                } else {
                    commands.add(command);
                    touch(touched, e.device(), in.deviceKinds());
                }
            }
        }
        in.changes().forEach(c -> touch(touched, c.device(), in.deviceKinds()));
        List<SessionReport.Device> devices = touched.values().stream()
                .sorted(java.util.Comparator.comparing(SessionReport.Device::id)).toList();
        List<SessionReport.EscalationLine> escalations = in.escalations().stream().map(ReportBuilder::escalation).toList();
        List<SessionReport.Change> changes = in.changes().stream().map(c -> new SessionReport.Change(c.id(), c.device(),
                c.setting(), c.commandId(), c.persistence(), c.rollback())).toList();
        List<String> revealed = s.revealed().stream().map(d -> d.wireName()).sorted().toList();
        SessionReport.Risk risk = RiskRules.assess(commands, devices, denials, escalations, anomalies, in.changes());
        String technician = in.technician() == null ? "The technician" : in.technician().name;
        String provider = in.provider() == null ? null : in.provider().name;
        SessionReport.Timeline timeline = new SessionReport.Timeline(s.requestedAt, s.approvedAt, s.endedAt,
                s.durationMinutes, s.approvedAt == null ? null : (int) (connectedMillis / 1000));
        List<String> followUps = FollowUps.of(in, commands, devices, denials, escalations, anomalies, closed);
        String summary = summary(technician, provider, in, commands, devices, denials, closed, risk);
        return new SessionReport(SessionReport.SCHEMA, in.version(), s.id, in.now(), s.state.name(), s.endReason, closed,
                in.ticket() == null ? null : new SessionReport.Ticket(in.ticket().id, in.ticket().category,
                        in.ticket().summary, in.ticket().state),
                new SessionReport.Party(s.technicianId, in.technician() == null ? null : in.technician().name, provider),
                in.template() == null ? null : new SessionReport.Template(in.template().id, in.template().name,
                        in.template().description),
                s.reason, timeline, s.granted(), revealed, devices, commands, gateway, denials, escalations, changes,
                new SessionReport.Privacy(revealed, redactions), anomalies, risk, followUps, offer(in, followUps), summary);
    }

    private static SessionReport.ResolveOffer offer(ReportInput in, List<String> followUps) {
        if (in.ticket() == null || "resolved".equals(in.ticket().state) || "closed".equals(in.ticket().state)) {
            return null;
        }
        return new SessionReport.ResolveOffer(in.ticket().id, "/api/v1/tickets/" + in.ticket().id + "/resolve",
                String.join("\n", followUps));
    }

    private static void touch(Map<String, SessionReport.Device> touched, String device, Map<String, String> kinds) {
        if (device != null && !touched.containsKey(device)) {
            String kind = kinds.get(device);
            touched.put(device, new SessionReport.Device(device, kind, kind != null && RiskRules.SECURITY_KINDS.contains(kind)));
        }
    }

    private static SessionReport.Denial denial(SessionEvents.Event e) {
        String outcome = e.outcome() == null ? "" : e.outcome();
        String reason = outcome.startsWith("denied:") ? outcome.substring("denied:".length()) : outcome;
        Integer count = null;
        if ("aggregated".equals(reason) && e.detail() != null && e.detail().path("count").isInt()) {
            count = e.detail().path("count").intValue();
        }
        return new SessionReport.Denial(e.correlationId(), e.at(), e.device(), e.op(), reason, count);
    }

    private static SessionReport.Closed closed(SessionEvents.Event e) {
        JsonNode detail = e.detail();
        int code = detail != null && detail.path("code").isInt() ? detail.path("code").intValue() : 0;
        return new SessionReport.Closed(e.at(), code, e.outcome(), Explanations.closeCause(e.outcome()));
    }

    private static SessionReport.EscalationLine escalation(Escalation e) {
        return new SessionReport.EscalationLine(e.id, e.requestedAt, e.decidedAt, e.state.name(), e.reason, e.added());
    }

    /** Counts redaction markers in a stored (already redacted) detail: objects and text chunks alike. */
    static void countMarkers(JsonNode node, Map<String, Integer> counts) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            JsonNode marker = node.get(MARKER);
            if (marker != null && marker.isTextual()) {
                counts.merge(marker.textValue(), 1, Integer::sum);
                return;
            }
            node.properties().forEach(field -> countMarkers(field.getValue(), counts));
        } else if (node.isArray()) {
            node.forEach(child -> countMarkers(child, counts));
        } else if (node.isTextual() && node.textValue().contains(MARKER)) {
            Matcher m = MARKER_IN_TEXT.matcher(node.textValue());
            while (m.find()) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        }
    }

    private static String summary(String technician, String provider, ReportInput in, List<SessionReport.Command> commands,
                                  List<SessionReport.Device> devices, List<SessionReport.Denial> denials,
                                  SessionReport.Closed closed, SessionReport.Risk risk) {
        StringBuilder text = new StringBuilder(technician);
        if (provider != null) {
            text.append(" from ").append(provider);
        }
        if (in.session().approvedAt == null) {
            text.append(" asked for access, which was not granted (").append(in.session().state.name()).append(").");
        } else {
            int refused = denials.stream().mapToInt(d -> d.count() == null ? 1 : d.count()).sum();
            text.append(" ran ").append(commands.size()).append(" command(s) on ").append(devices.size())
                    .append(" device(s); ").append(refused).append(" were refused.");
        }
        if (closed != null) {
            text.append(' ').append(closed.explanation());
        }
        text.append(" Risk: ").append(risk.level()).append('.');
        return text.toString();
    }
}
