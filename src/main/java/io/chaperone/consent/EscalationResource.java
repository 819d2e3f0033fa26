package io.chaperone.consent;

import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

/**
 * Escalations of a live session: the technician asks (with MFA) for more grants within the
 * template; the resident approves with step-up (scope := union, version + 1, expiry unchanged) or denies.
 */
@Path("/api/v1/sessions/{id}/escalations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EscalationResource {

    @Inject
    CurrentCaller current;
    @Inject
    Clock clock;
    @Inject
    StepUp stepUp;
    @Inject
    SessionAccess access;
    @Inject
    Escalations escalations;
    @Inject
    SessionTransitions transitions;
    @Inject
    SessionQueries queries;

    @POST
    @RolesAllowed("technician")
    public Uni<Response> request(@PathParam("id") UUID id, @NotNull @Valid EscalationBody body) {
        Caller caller = current.get();
        stepUp.requireMfa(caller);
        return access.actor(caller).chain(actor -> escalations.request(id, actor, body))
                .map(e -> Response.created(URI.create("/api/v1/sessions/" + id + "/escalations/" + e.id))
                        .entity(SessionView.EscalationView.of(e)).build());
    }

    @POST
    @Path("{eid}/approve")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("resident")
    public Uni<SessionView> approve(@PathParam("id") UUID id, @PathParam("eid") UUID eid) {
        Caller caller = current.get();
        stepUp.require(caller, clock.instant());
        return decide(caller, id, eid, true);
    }

    @POST
    @Path("{eid}/deny")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("resident")
    public Uni<SessionView> deny(@PathParam("id") UUID id, @PathParam("eid") UUID eid) {
        return decide(current.get(), id, eid, false);
    }

    private Uni<SessionView> decide(Caller caller, UUID id, UUID eid, boolean approve) {
        return access.actor(caller).chain(actor -> transitions
                .apply(id, new Transition.DecideEscalation(eid, approve, Transition.Decider.of(actor, caller)), actor)
                .chain(changed -> queries.view(id, actor)));
    }
}
