package io.chaperone.identity;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Optional;
import java.util.UUID;

/** {@code GET /api/v1/me}: who the caller is; provisions them on first sight. */
@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;

    @GET
    @WithTransaction
    public Uni<Me> me() {
        Caller caller = current.get();
        return switch (caller.role()) {
            case RESIDENT -> people.resident(caller).map(r -> new Me(r.id, r.subject, "resident", r.name, r.email, null));
            case TECHNICIAN -> people.technician(caller).map(t -> new Me(t.id, t.subject, "technician", t.name, t.email, t.providerId));
            case OPS -> people.operator(caller).map(o -> new Me(o.id, o.subject, "ops", o.name, o.email, null));
        };
    }

    public record Me(UUID id, String subject, String role, String name, String email, UUID providerId) {
    }
}
