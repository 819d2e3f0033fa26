package io.chaperone.review;

import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.Transition;
import io.chaperone.home.Home;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A home's access reviews (docs/api.md "Access reviews"), for its resident: list, one (the stored JSON), generate
 * one now (default: the configured period up to now), and revoke everything a review lists as still open.
 */
@Path("/api/v1/homes/{id}/access-reviews")
@RolesAllowed("resident")
@Produces(MediaType.APPLICATION_JSON)
public class AccessReviewResource {

    /** One line of the list. */
    public record Summary(UUID id, UUID homeId, Instant periodFrom, Instant periodTo, Instant generatedAt, String trigger) {
        static Summary of(AccessReview r) {
            return new Summary(r.id, r.homeId, r.periodFrom, r.periodTo, r.generatedAt, r.trigger);
        }
    }

    /** {@code POST}: an optional period; both ends or neither. */
    public record GenerateBody(Instant from, Instant to) {
    }

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    AccessReviews reviews;
    @Inject
    RevokeAll revokeAll;
    @Inject
    AccessReviewsConfig config;
    @Inject
    Clock clock;

    @GET
    public Uni<List<Summary>> list(@PathParam("id") UUID homeId) {
        return owned(homeId).chain(actor -> Panache.withSession(() -> AccessReview.<AccessReview>list("homeId",
                Sort.by("periodTo").descending().and("generatedAt").descending(), homeId)))
                .map(all -> all.stream().map(Summary::of).toList());
    }

    @GET
    @Path("{rid}")
    public Uni<Response> one(@PathParam("id") UUID homeId, @PathParam("rid") UUID rid) {
        return owned(homeId).chain(actor -> review(homeId, rid)).map(r -> Response.ok(r.body, MediaType.APPLICATION_JSON).build());
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Uni<Response> generate(@PathParam("id") UUID homeId, GenerateBody body) {
        Instant to = body == null || body.to() == null ? clock.instant() : body.to();
        Instant from = body == null || body.from() == null ? to.minus(config.period()) : body.from();
        if ((body != null && (body.from() == null) != (body.to() == null)) || !from.isBefore(to)) {
            throw ProblemException.badRequest("period_invalid", "give both from and to, from before to, or neither");
        }
        return owned(homeId).chain(actor -> reviews.generate(homeId, from, to, "on_demand", actor.subject()))
                .map(r -> Response.created(URI.create("/api/v1/homes/" + homeId + "/access-reviews/" + r.id))
                        .entity(r.body).type(MediaType.APPLICATION_JSON).build());
    }

    /** No step-up, like every revocation: taking access away must always be easy. */
    @POST
    @Path("{rid}/revoke-all")
    @Consumes(MediaType.WILDCARD)
    public Uni<RevokeAll.Outcome> revokeAll(@PathParam("id") UUID homeId, @PathParam("rid") UUID rid) {
        Caller caller = current.get();
        return owned(homeId).chain(actor -> review(homeId, rid)
                .chain(review -> revokeAll.revokeAll(review, actor, Transition.Decider.of(actor, caller))));
    }

    private Uni<AccessReview> review(UUID homeId, UUID rid) {
        return Panache.withSession(() -> AccessReview.<AccessReview>findById(rid)).map(r -> {
            if (r == null || !r.homeId.equals(homeId)) {
                throw ProblemException.notFound("access review");
            }
            return r;
        });
    }

    /** The caller as an actor if the home is theirs; the 404 of an unknown home otherwise. */
    private Uni<Actor> owned(UUID homeId) {
        return access.actor(current.get()).chain(actor -> Panache.withSession(() -> Home.<Home>findById(homeId))
                .map(home -> {
                    if (home == null || !home.residentId.equals(actor.personId())) {
                        throw ProblemException.notFound("home");
                    }
                    return actor;
                }));
    }
}
