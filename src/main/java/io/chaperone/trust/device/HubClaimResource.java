package io.chaperone.trust.device;

import io.chaperone.home.Homes;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** {@code POST /api/v1/homes/{id}/hub-claims}: the home's resident gets a one-time code for a new hub. */
@Path("/api/v1/homes/{homeId}/hub-claims")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class HubClaimResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Homes homes;
    @Inject
    Enrollment enrollment;

    @POST
    @WithTransaction
    public Uni<Response> claim(@PathParam("homeId") UUID homeId) {
        return people.resident(current.get())
                .chain(resident -> homes.withRight(homeId, resident.id, io.chaperone.household.Right.MANAGE))
                .chain(home -> enrollment.claim(home.id, current.get().subject()))
                .map(claim -> Response.status(201).entity(claim).header("Cache-Control", "no-store").build());
    }
}
