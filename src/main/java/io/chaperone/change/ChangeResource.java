package io.chaperone.change;

import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** {@code GET /api/v1/sessions/{id}/changes}: the config changes of a session and what became of them (docs/api.md). */
@Path("/api/v1/sessions/{id}/changes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ChangeResource {

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    ChangeQueries queries;

    @GET
    public Uni<List<ChangeView>> changes(@PathParam("id") UUID id) {
        return access.actor(current.get()).chain(actor -> Panache.withSession(() -> SupportSession.<SupportSession>findById(id)
                        .chain(s -> access.visible(s, actor)))
                .chain(session -> queries.of(session.id, actor.is(Role.RESIDENT))));
    }
}
