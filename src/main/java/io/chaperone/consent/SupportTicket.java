package io.chaperone.consent;

import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A support ticket: the problem a resident has (not the connect ticket of a session). */
@Entity
@Table(name = "support_tickets")
public class SupportTicket extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "home_id")
    public UUID homeId;
    @Column(name = "provider_id")
    public UUID providerId;
    @Column(name = "opened_by")
    public String openedBy;
    public String category;
    public String summary;
    /** A {@link TicketState} name; read it through {@link #ticketState()}. */
    public String state;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** The resolution ({@link TicketResolutions}): an {@code Outcome} name, free-text notes, who, when, from which session. */
    @Column(name = "resolution_outcome")
    public String resolutionOutcome;
    @Column(name = "resolution_notes")
    public String resolutionNotes;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "resolved_by")
    public String resolvedBy;
    @Column(name = "resolved_session_id")
    public UUID resolvedSessionId;

    /** A new ticket in state {@code open}. */
    public static SupportTicket open(UUID homeId, UUID providerId, String residentSubject, TicketCategory category,
                                     String summary, Instant now) {
        SupportTicket ticket = new SupportTicket();
        ticket.id = UUID.randomUUID();
        ticket.homeId = homeId;
        ticket.providerId = providerId;
        ticket.openedBy = residentSubject;
        ticket.category = category.name();
        ticket.summary = summary;
        ticket.state = TicketState.open.name();
        ticket.createdAt = now;
        ticket.updatedAt = now;
        return ticket;
    }

    public TicketState ticketState() {
        return TicketState.valueOf(state);
    }

    public boolean isClosed() {
        return ticketState() == TicketState.closed;
    }

    /** Moves the ticket, or fails with 409 {@code invalid_ticket_transition}. */
    public void moveTo(TicketState target, Role actor, Instant now) {
        TicketState from = ticketState();
        if (!from.canMoveTo(target, actor)) {
            throw ProblemException.conflict("invalid_ticket_transition",
                    "a " + actor.claim() + " cannot move a ticket from " + from + " to " + target);
        }
        state = target.name();
        updatedAt = now;
    }
}
