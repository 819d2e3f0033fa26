package io.chaperone.change;

import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.CurrentCaller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
    public record RollbackBody(Set<UUID> changes) {
    }

    public record RollbackAnswer(UUID sessionId, List<Rollbacks.Result> results) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The body is optional (no body, no Content-Type: roll back everything), so it is read here, not by JAX-RS. */
    @POST
    @RolesAllowed("resident")
    public Uni<RollbackAnswer> rollback(@PathParam("id") UUID id, String text) {
        RollbackBody body = parse(text);
        return access.actor(current.get()).chain(actor -> Panache.withSession(() -> SupportSession.<SupportSession>findById(id)
                        .chain(s -> access.visible(s, actor))))
                .chain(session -> rollbacks.rollback(session.id, body == null ? null : body.changes()))
                .map(results -> new RollbackAnswer(id, results));
    }

    static RollbackBody parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            RollbackBody body = JSON.readValue(text, RollbackBody.class);
            if (body.changes() != null && body.changes().size() > 1000) {
                throw io.chaperone.web.ProblemException.badRequest("invalid_body", "at most 1000 changes");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw io.chaperone.web.ProblemException.badRequest("invalid_body",
                    "the body must be {\"changes\":[change ids]} or empty");
        }
    }
}
