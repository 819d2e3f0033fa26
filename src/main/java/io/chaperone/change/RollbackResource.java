package io.chaperone.change;

import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/v1/sessions/{id}/rollback} (resident): all changes of the session, or the chosen ones, newest
 * first; also after the session ended, while the hub is online (docs/api.md "Rollback").
 */
@Path("/api/v1/sessions/{id}/rollback")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RollbackResource {

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    Rollbacks rollbacks;

    /** {@code changes}: ids of the changes to roll back; omitted (or no body): all of them. */
    public record RollbackBody(@Size(max = 1000) Set<UUID> changes) {
    }

    public record RollbackAnswer(UUID sessionId, List<Rollbacks.Result> results) {
    }

    @POST
    @RolesAllowed("resident")
    public Uni<RollbackAnswer> rollback(@PathParam("id") UUID id, RollbackBody body) {
        return access.actor(current.get()).chain(actor -> Panache.withSession(() -> SupportSession.<SupportSession>findById(id)
                        .chain(s -> access.visible(s, actor))))
                .chain(session -> rollbacks.rollback(session.id, body == null ? null : body.changes()))
                .map(results -> new RollbackAnswer(id, results));
    }
}
