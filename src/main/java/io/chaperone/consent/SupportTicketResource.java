package io.chaperone.consent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.home.HomeViews.TicketHubView;
import io.chaperone.home.Homes;
import io.chaperone.home.HubDirectory;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/tickets}: support tickets. A resident opens them for their own homes; the home's
 * resident and the technicians of the ticket's provider see and move them; anyone else gets 404.
 */
@Path("/api/v1/tickets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SupportTicketResource {

    private static final String OF_RESIDENT = "(homeId in (select h.id from Home h where h.residentId = :resident) "
            + "or homeId in (select m.key.homeId from HomeMember m where m.key.residentId = :resident))";
    private static final Sort NEWEST_FIRST = Sort.by("createdAt", Sort.Direction.Descending).and("id");

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Homes homes;
    @Inject
    Clock clock;
    @Inject
    AuditWriter audit;
    @Inject
    TicketResolutions resolutions;
    @Inject
    HubDirectory hubs;

    @POST
    @WithTransaction
    public Uni<Response> open(@NotNull @Valid NewTicket body) {
        Caller caller = current.get();
        return people.resident(caller)
                .chain(resident -> homes.withRight(body.homeId(), resident.id, io.chaperone.household.Right.VIEW))
                .chain(home -> Provider.<Provider>findById(body.providerId())
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("provider"))
                        .map(provider -> SupportTicket.open(home.id, provider.id, caller.subject(),
                                category(body.category()), body.summary(), clock.instant())))
                .call(ticket -> audit.commit(record(ticket, caller, AuditKind.SUPPORT_TICKET_OPENED, ticket.state,
                        JsonNodeFactory.instance.objectNode().put("providerId", ticket.providerId.toString())
                                .put("category", ticket.category).toString())))
                .chain(ticket -> ticket.<SupportTicket>persist())
                .map(t -> Response.created(URI.create("/api/v1/tickets/" + t.id)).entity(SupportTicketView.of(t)).build());
    }

    @GET
    @WithTransaction
    public Uni<List<SupportTicketView>> list() {
        Caller caller = current.get();
        Uni<List<SupportTicket>> tickets = switch (caller.role()) {
            case RESIDENT -> people.resident(caller)
                    .chain(r -> SupportTicket.list(OF_RESIDENT, NEWEST_FIRST, Parameters.with("resident", r.id)));
            case TECHNICIAN -> people.technician(caller)
                    .chain(t -> SupportTicket.list("providerId = ?1", NEWEST_FIRST, t.providerId));
            case OPS -> throw roleRequired();
        };
        return tickets.map(list -> list.stream().map(SupportTicketView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithTransaction
    public Uni<SupportTicketView> get(@PathParam("id") UUID id) {
        return visible(id, current.get()).map(SupportTicketView::of);
    }

    @POST
    @Path("/{id}/state")
    @WithTransaction
    public Uni<SupportTicketView> move(@PathParam("id") UUID id, @NotNull @Valid StateChange body) {
        Caller caller = current.get();
        TicketState target = TicketState.fromWire(body.state()).orElseThrow(() ->
                ProblemException.badRequest("invalid_body", "state must be one of open, in_progress, resolved, closed"));
        return visible(id, caller).chain(ticket -> {
            String from = ticket.state;
            ticket.moveTo(target, caller.role(), clock.instant());
            return audit.commit(record(ticket, caller, AuditKind.SUPPORT_TICKET_STATE_CHANGED, ticket.state,
                    JsonNodeFactory.instance.objectNode().put("from", from).toString())).map(seq -> SupportTicketView.of(ticket));
        });
    }

    /** The sessions of a ticket, oldest first, with the report of each ended one. */
    @GET
    @Path("/{id}/sessions")
    @WithTransaction
    public Uni<List<TicketResolutions.TicketSession>> sessions(@PathParam("id") UUID id) {
        return visible(id, current.get()).chain(resolutions::sessions);
    }

    /**
     * The hubs of the ticket's home with their devices, for the technician choosing what a session request names
     * (docs/api.md "Support tickets"): only presence, trust and the devices' id, kind and status.
     */
    @GET
    @Path("/{id}/hubs")
    @WithTransaction
    public Uni<List<TicketHubView>> hubs(@PathParam("id") UUID id) {
        return visible(id, current.get()).chain(ticket -> hubs.ticketViewOf(ticket.homeId));
    }

    /**
     * Resolves the ticket with an outcome and notes (e.g. the follow-ups of the report of {@code sessionId}): a
     * technician's resolution moves it to resolved, the resident's closes it. Audited as support_ticket.resolved.
     */
    @POST
    @Path("/{id}/resolve")
    @WithTransaction
    public Uni<SupportTicketView> resolve(@PathParam("id") UUID id, @NotNull @Valid Resolve body) {
        Caller caller = current.get();
        return visible(id, caller).chain(ticket -> resolutions.resolve(ticket, caller, body.outcome(), body.notes(),
                body.sessionId())).map(SupportTicketView::of);
    }

    /** A ticket's event on its home's own chain (exported and erased with the home); the summary stays out. */
    private AuditRecord record(SupportTicket ticket, Caller caller, AuditKind kind, String state, String detail) {
        return new AuditRecord(ticket.homeId, ticket.homeId, clock.instant(), caller.subject(), kind, null, null,
                state, ticket.id.toString(), detail);
    }

    /** The ticket if the caller is a party to it; otherwise 404, the same as for an unknown id. */
    private Uni<SupportTicket> visible(UUID id, Caller caller) {
        Uni<SupportTicket> found = switch (caller.role()) {
            case RESIDENT -> people.resident(caller)
                    .chain(r -> SupportTicket.find("id = :id and " + OF_RESIDENT,
                            Parameters.with("id", id).and("resident", r.id)).firstResult());
            case TECHNICIAN -> people.technician(caller)
                    .chain(t -> SupportTicket.find("id = ?1 and providerId = ?2", id, t.providerId).firstResult());
            case OPS -> throw roleRequired();
        };
        return found.onItem().ifNull().failWith(() -> ProblemException.notFound("ticket"));
    }

    private static TicketCategory category(String name) {
        return TicketCategory.fromWire(name).orElseThrow(() -> ProblemException.badRequest("invalid_body",
                "category must be one of connectivity, device, security, update, other"));
    }

    private static ProblemException roleRequired() {
        return ProblemException.forbidden("role_required", "this needs the role resident or technician");
    }

    public record NewTicket(@NotNull UUID homeId, @NotNull UUID providerId,
                            @NotBlank @Size(max = 32) String category,
                            @NotBlank @Size(max = 2000) String summary) {
    }

    public record StateChange(@NotBlank @Size(max = 32) String state) {
    }

    public record Resolve(@NotBlank @Size(max = 32) String outcome, @Size(max = 4000) String notes, UUID sessionId) {
    }
}
