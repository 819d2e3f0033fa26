package io.chaperone.report;

import io.chaperone.policy.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The session report, as stored and served (schema {@value #SCHEMA}, docs/report.md). Built by {@link ReportBuilder}
 * from the session, its audit chain and its config changes; nothing in it is a value the resident did not reveal:
 * commands carry device, operation and outcome only, config changes their setting names.
 */
public record SessionReport(String schema, int version, UUID sessionId, Instant generatedAt, String state,
                            String endReason, Closed closed, Ticket ticket, Party technician, Template template,
                            String reason, Timeline timeline, Scope approvedScope, List<String> revealed,
                            List<Device> devicesTouched, List<Command> commands, List<Command> gatewayCommands,
                            List<Denial> denials,
                            List<EscalationLine> escalations, List<Change> configChanges, Privacy privacy,
                            List<Flag> anomalies, Risk risk, List<String> followUps, ResolveOffer resolveTicket,
                            String summary) {

    public static final String SCHEMA = "chaperone.session-report/1";

    /** How the technician's last connection closed ({@code session.closed}), null if they never connected. */
    public record Closed(Instant at, int code, String cause, String explanation) {
    }

    public record Ticket(UUID id, String category, String summary, String state) {
    }

    public record Party(UUID id, String name, String provider) {
    }

    public record Template(UUID id, String name, String description) {
    }

    public record Timeline(Instant requestedAt, Instant approvedAt, Instant endedAt, Integer approvedMinutes,
                           Integer connectedSeconds) {
    }

    public record Device(String id, String kind, boolean security) {
    }

    /** A command that passed the policy: {@code result} ok, failed, or none (no answer before the end). */
    public record Command(String id, Instant at, String actor, String device, String op, String opTitle, String result) {
    }

    public record Denial(String id, Instant at, String device, String op, String reason, Integer count) {
    }

    public record EscalationLine(UUID id, Instant requestedAt, Instant decidedAt, String state, String reason, Scope scope) {
    }

    public record Change(UUID id, String device, String setting, String commandId, String persistence, String rollback) {
    }

    /** What was shown in clear and what was hidden: counts of redaction markers per data class. */
    public record Privacy(List<String> revealed, Map<String, Integer> redactions) {
    }

    public record Flag(Instant at, String kind, String outcome) {
    }

    /**
     * The offer, at a session's end, to resolve its ticket (null once the ticket is resolved or closed): POST
     * {@code {"outcome", "notes": suggestedNotes, "sessionId"}} to {@code endpoint}.
     */
    public record ResolveOffer(UUID ticketId, String endpoint, String suggestedNotes) {
    }

    public record Risk(String level, List<Factor> factors) {
    }

    /** One rule of docs/report.md "Risk assessment" that applied. */
    public record Factor(String rule, String level, String text) {
    }
}
