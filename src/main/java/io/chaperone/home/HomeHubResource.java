package io.chaperone.home;

import io.chaperone.home.HomeViews.HubView;
import io.chaperone.home.HomeViews.RegisteredHub;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/homes/{id}/hubs} (the home's resident): registers hubs with an interim bearer
 * credential (until the device-trust enrollment issues certificates) and lists them.
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
    io.chaperone.trust.device.HubRemoval removal;

    @POST
    @WithTransaction
    public Uni<Response> register(@PathParam("homeId") UUID homeId, @NotNull @Valid NewHub body) {
        return people.resident(current.get())
                .chain(resident -> homes.ownedBy(homeId, resident.id))
                .chain(home -> hubs.registerHub(home.id, body.name(), body.model(), body.firmware()))
                .map(registration -> Response
                        .created(URI.create("/api/v1/homes/" + homeId + "/hubs/" + registration.hub().id))
                        .entity(RegisteredHub.of(registration))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    @GET
    @WithTransaction
    public Uni<List<HubView>> list(@PathParam("homeId") UUID homeId) {
        return people.resident(current.get())
                .chain(resident -> homes.ownedBy(homeId, resident.id))
                .chain(home -> hubs.hubsOf(home.id))
                .chain(list -> hubs.devicesOf(list.stream().map(h -> h.id).toList())
                        .map(devices -> HubView.of(list, devices)));
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
                        .chain(resident -> homes.ownedBy(homeId, resident.id)))
                .chain(home -> removal.remove(home.id, hubId, current.get().subject()))
                .map(done -> Response.noContent().build());
    }

    public record NewHub(@NotBlank @Size(max = 200) String name,
                         @NotBlank @Size(max = 100) String model,
                         @NotBlank @Size(max = 64) String firmware) {
    }
}
