package io.chaperone.consent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.identity.Caller;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Closes the loop of a support ticket: its sessions, and its resolution (outcome and notes). A technician's
 * resolution moves the ticket to {@code resolved}; the resident's closes it (the resident has the last word, as
 * {@link TicketState} says). Committed to the audit before the row, like every ticket change.
 */
@ApplicationScoped
public class TicketResolutions {

    /** How a ticket ended. */
    public enum Outcome {
        FIXED, WORKAROUND, NOT_FIXED, NO_FAULT_FOUND, WITHDRAWN;

        public String wire() { return name().toLowerCase(Locale.ROOT); }

        static Outcome parse(String name) {
            for (Outcome o : values()) {
                if (o.wire().equals(name)) {
                    return o;
                }
            }
            throw ProblemException.badRequest("invalid_body",
                    "outcome must be one of fixed, workaround, not_fixed, no_fault_found, withdrawn");
        }
    }

    /** One session of a ticket, as the ticket lists it. */
    public record TicketSession(UUID id, SessionState state, UUID technicianId, java.time.Instant requestedAt,
                                java.time.Instant endedAt, String endReason, String report) {
    }

    @Inject
    Clock clock;
    @Inject
    AuditWriter audit;

    /** The sessions opened for {@code ticket}, oldest first; {@code report} is the report URL of ended ones. */
    public Uni<List<TicketSession>> sessions(SupportTicket ticket) {
        Instant now = clock.instant();
        return SupportSession.<SupportSession>list("ticketId", Sort.by("requestedAt"), ticket.id)
                .map(list -> list.stream().map(s -> new TicketSession(s.id, s.effectiveState(now), s.technicianId,
                        s.requestedAt, s.endedAt, s.endReason,
                        s.state.terminal() ? "/api/v1/sessions/" + s.id + "/report" : null)).toList());
    }

    /**
     * Records the resolution inside the caller's transaction. {@code sessionId}, when given, must be a session of this
     * ticket in a final state (the end of which offered the resolution).
     */
    public Uni<SupportTicket> resolve(SupportTicket ticket, Caller caller, String outcomeName, String notes, UUID sessionId) {
        Outcome outcome = Outcome.parse(outcomeName);
        if (ticket.isClosed()) {
            throw ProblemException.conflict("ticket_closed", "the support ticket is closed");
        }
        TicketState target = caller.is(Role.RESIDENT) ? TicketState.closed : TicketState.resolved;
        Uni<Void> sessionCheck = sessionId == null ? Uni.createFrom().voidItem()
                : SupportSession.<SupportSession>findById(sessionId).invoke(s -> {
                    if (s == null || !ticket.id.equals(s.ticketId)) {
                        throw ProblemException.notFound("session");
                    }
                    if (!s.state.terminal()) {
                        throw ProblemException.conflict("session_not_ended", "the session has not ended yet");
                    }
                }).replaceWithVoid();
        return sessionCheck.chain(() -> {
            Instant now = clock.instant();
            String from = ticket.state;
            if (target == TicketState.resolved && ticket.ticketState() == TicketState.open) {
                ticket.moveTo(TicketState.in_progress, caller.role(), now); // a technician works before resolving
            }
            if (ticket.ticketState() != target) {
                ticket.moveTo(target, caller.role(), now);
            }
            ticket.resolutionOutcome = outcome.wire();
            ticket.resolutionNotes = notes;
            ticket.resolvedAt = now;
            ticket.resolvedBy = caller.subject();
            ticket.resolvedSessionId = sessionId;
            ticket.updatedAt = now;
            var detail = JsonNodeFactory.instance.objectNode().put("from", from).put("to", ticket.state);
            if (sessionId != null) {
                detail.put("sessionId", sessionId.toString());
            }
            return audit.commit(new AuditRecord(ticket.homeId, ticket.homeId, now, caller.subject(),
                    AuditKind.SUPPORT_TICKET_RESOLVED, null, null, outcome.wire(), ticket.id.toString(), detail.toString()))
                    .replaceWith(ticket);
        });
    }
}
