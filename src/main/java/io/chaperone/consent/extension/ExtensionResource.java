package io.chaperone.consent.extension;

import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SessionQueries;
import io.chaperone.consent.SessionView;
import io.chaperone.consent.StepUp;
import io.chaperone.consent.Transition;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
 * Extensions of a live session (docs/api.md "Extensions"): the technician asks (with MFA) for more minutes with a
 * reason; the resident approves with step-up (it grants more access) or denies (no step-up).
 */
@Path("/api/v1/sessions/{id}/extensions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ExtensionResource {

    @Inject
    CurrentCaller current;
    @Inject
    Clock clock;
    @Inject
    StepUp stepUp;
    @Inject
    SessionAccess access;
    @Inject
    Extensions extensions;
    @Inject
    SessionQueries queries;

    @POST
    @RolesAllowed("technician")
    public Uni<Response> request(@PathParam("id") UUID id, @NotNull @Valid ExtensionBody body) {
        Caller caller = current.get();
        stepUp.requireMfa(caller);
        return access.actor(caller).chain(actor -> extensions.request(id, actor, body))
                .map(e -> Response.created(URI.create("/api/v1/sessions/" + id + "/extensions/" + e.id))
                        .entity(ExtensionView.of(e)).build());
    }

    @GET
    public Uni<List<ExtensionView>> list(@PathParam("id") UUID id) {
        return access.actor(current.get()).chain(actor -> extensions.list(id, actor));
    }

    @GET
    @Path("{eid}")
    public Uni<ExtensionView> one(@PathParam("id") UUID id, @PathParam("eid") UUID eid) {
        return access.actor(current.get()).chain(actor -> extensions.one(id, eid, actor));
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
        return access.actor(caller).chain(actor -> extensions
                .decide(id, eid, approve, Transition.Decider.of(actor, caller), actor)
                .chain(changed -> queries.view(id, actor)));
    }
}
