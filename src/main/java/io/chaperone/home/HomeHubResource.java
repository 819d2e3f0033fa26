package io.chaperone.home;

import io.chaperone.home.HomeViews.HubView;
import io.chaperone.household.Right;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/homes/{id}/hubs}: every member of the household lists and shows, the owner removes the home's hubs. Hubs are created
 * only by enrollment (a claim code and a CSR, {@code io.chaperone.trust.device}).
 */
@Path("/api/v1/homes/{homeId}/hubs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HomeHubResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Homes homes;
    @Inject
    HubDirectory hubs;
    @Inject
    HubLiveness liveness;
    @Inject
    io.chaperone.trust.device.HubRemoval removal;

    @GET
    @WithTransaction
    public Uni<List<HubView>> list(@PathParam("homeId") UUID homeId) {
        return people.resident(current.get())
                .chain(resident -> homes.withRight(homeId, resident.id, Right.VIEW))
                .chain(home -> hubs.hubsOf(home.id))
                .chain(list -> hubs.devicesOf(list.stream().map(h -> h.id).toList())
                        .chain(devices -> liveness.judged(HubView.of(list, devices))));
    }

    @GET
    @Path("/{hubId}")
    @WithTransaction
    public Uni<HubView> get(@PathParam("homeId") UUID homeId, @PathParam("hubId") UUID hubId) {
        return list(homeId).map(list -> list.stream().filter(h -> h.id().equals(hubId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("hub")));
    }

    /** Removes the hub: its device certificate is revoked and its live connection closed (docs/device-trust.md). */
    @DELETE
    @Path("/{hubId}")
    public Uni<Response> remove(@PathParam("homeId") UUID homeId, @PathParam("hubId") UUID hubId) {
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> people.resident(current.get())
                        .chain(resident -> homes.withRight(homeId, resident.id, Right.MANAGE)))
                .chain(home -> removal.remove(home.id, hubId, current.get().subject()))
                .map(done -> Response.noContent().build());
    }
}
