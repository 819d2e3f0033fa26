package io.chaperone.home;

import io.chaperone.home.HomeViews.HomeDetail;
import io.chaperone.home.HomeViews.HomeView;
import io.chaperone.home.HomeViews.HubView;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/homes} (residents): a resident's own homes, each with its hubs and their devices. */
@Path("/api/v1/homes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HomeResource {

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

    @POST
    @WithTransaction
    public Uni<Response> create(@NotNull @Valid NewHome body) {
        return people.resident(current.get())
                .chain(resident -> homes.create(resident.id, body.name()))
                .map(home -> Response.created(URI.create("/api/v1/homes/" + home.id)).entity(HomeView.of(home)).build());
    }

    @GET
    @WithTransaction
    public Uni<List<HomeView>> list() {
        return people.resident(current.get())
                .chain(resident -> homes.ofHousehold(resident.id))
                .map(list -> list.stream().map(HomeView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithTransaction
    public Uni<HomeDetail> get(@PathParam("id") UUID id) {
        return people.resident(current.get())
                .chain(resident -> homes.withRight(id, resident.id, io.chaperone.household.Right.VIEW))
                .chain(home -> hubs.hubsOf(home.id)
                        .chain(list -> hubs.devicesOf(list.stream().map(h -> h.id).toList())
                                .chain(devices -> liveness.judged(HubView.of(list, devices)))
                                .map(views -> new HomeDetail(home.id, home.name, home.createdAt, home.erasedAt,
                                        views))));
    }

    public record NewHome(@NotBlank @Size(max = 200) String name) {
    }
}
