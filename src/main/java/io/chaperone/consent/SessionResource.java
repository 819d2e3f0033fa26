package io.chaperone.consent;

import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.privacy.PrivacyNotices;
import io.quarkus.security.Authenticated;
import io.chaperone.web.RequestArrival;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Support sessions under {@code /api/v1/sessions} (docs/api.md). Approving and resuming
 * grant access, so they need step-up; denying, revoking, suspending and ending never do:
 * taking access away must always be easy.
 */
@Path("/api/v1/sessions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    CurrentCaller current;
    @Inject
    Clock clock;
    @Inject
    StepUp stepUp;
    @Inject
    SessionAccess access;
    @Inject
    SessionRequests requests;
    @Inject
    SessionTransitions transitions;
    @Inject
    SessionQueries queries;
    @Inject
    PrivacyNotices notices;
    @Inject
    Revocations revocations;
    @Inject
    io.chaperone.household.HouseholdConfig household;

    @POST
    @RolesAllowed("technician")
    public Uni<Response> request(@NotNull @Valid SessionRequestBody body) {
        Caller caller = current.get();
        stepUp.requireMfa(caller);
        return access.actor(caller).chain(actor -> requests.request(actor, body)
                .chain(created -> queries.view(created.sessionId(), actor)))
                .map(view -> Response.created(URI.create("/api/v1/sessions/" + view.id())).entity(view).build());
    }

    @GET
    @Path("{id}")
    public Uni<SessionView> get(@PathParam("id") UUID id) {
        return access.actor(current.get()).chain(actor -> queries.view(id, actor));
    }

    /** {@code homeId}: only that home's sessions (a home the caller cannot see gives an empty list, like no sessions). */
    @GET
    public Uni<List<SessionView.Summary>> list(@QueryParam("state") String state, @QueryParam("homeId") String homeId) {
        Optional<SessionState> wanted = Optional.ofNullable(state).map(SessionQueries::parseState);
        Optional<UUID> home = Optional.ofNullable(homeId).map(SessionQueries::parseHomeId);
        return access.actor(current.get()).chain(actor -> queries.list(actor, wanted, home));
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed("resident")
    public Uni<SessionView> approve(@PathParam("id") UUID id, @Valid ApproveBody body) {
        Caller caller = current.get();
        stepUp.require(caller, clock.instant());
        ApprovalTerms terms = (body == null ? ApprovalTerms.readOnlyDefaults() : body.terms(id))
                .withStartBy(household.startBy().defaultWindow(), household.startBy().min(), household.startBy().max());
        String notice = notices.recordable(body == null ? null : body.privacyNoticeVersion());
        return act(caller, id, actor -> new Transition.Approve(terms, Transition.Decider.of(actor, caller), notice));
    }

    @POST
    @Path("{id}/deny")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("resident")
    public Uni<SessionView> deny(@PathParam("id") UUID id) {
        Caller caller = current.get();
        return act(caller, id, actor -> new Transition.Deny(Transition.Decider.of(actor, caller)));
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("technician")
    public Uni<SessionView> cancel(@PathParam("id") UUID id) {
        return act(current.get(), id, actor -> Transition.of(SessionAction.CANCEL));
    }

    @POST
    @Path("{id}/end")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({"resident", "technician"})
    public Uni<SessionView> end(@PathParam("id") UUID id) {
        Caller caller = current.get();
        String why = caller.is(Role.RESIDENT) ? "ended by resident" : "ended by technician";
        return close(caller, id, new Transition.Plain(SessionAction.END, why));
    }

    /**
     * No step-up, deliberately: revoking must always work, even with an old login. 200 with the revoked session, or
     * 202 {@code revocation_pending} when it is accepted but not yet recorded: it then wins all the same (docs/api.md).
     */
    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("resident")
    public Uni<Response> revoke(@PathParam("id") UUID id, @Context RoutingContext request) {
        Caller caller = current.get();
        transitions.announce(id, Transition.of(SessionAction.REVOKE), Actor.claimed(caller.subject(), caller.role()),
                RequestArrival.nanos(request));
        // The live session is shut; what follows is durable work, admitted a few at a time (ADR 0038).
        return revocations.admit(() -> access.actor(caller).chain(actor -> revocations.revoke(id, actor).chain(outcome ->
                        outcome == Revocations.Outcome.REVOKED
                                ? queries.view(id, actor).map(view -> Response.ok(view).build())
                                : Uni.createFrom().item(pending(id)))),
                () -> revocations.handOver(id, caller.subject()).map(stored -> stored ? pending(id) : null));
    }

    private static Response pending(UUID id) {
        return Response.accepted(RevocationPending.of(id)).build();
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("resident")
    public Uni<SessionView> suspend(@PathParam("id") UUID id) {
        return close(current.get(), id, new Transition.Plain(SessionAction.SUSPEND, "paused by resident"));
    }

    /** Back to approved (step-up: it restores access); the technician reconnects to become active. */
    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("resident")
    public Uni<SessionView> resume(@PathParam("id") UUID id) {
        Caller caller = current.get();
        stepUp.require(caller, clock.instant());
        return act(caller, id, actor -> Transition.of(SessionAction.RESUME));
    }

    /** A revoke, suspend or end: stops the live session before the caller's record is even looked up. */
    private Uni<SessionView> close(Caller caller, UUID id, Transition.Plain transition) {
        transitions.announce(id, transition, Actor.claimed(caller.subject(), caller.role()));
        return act(caller, id, actor -> transition);
    }

    private Uni<SessionView> act(Caller caller, UUID id, Function<Actor, Transition> transition) {
        return access.actor(caller).chain(actor -> transitions.apply(id, transition.apply(actor), actor)
                .chain(changed -> queries.view(id, actor)));
    }
}
