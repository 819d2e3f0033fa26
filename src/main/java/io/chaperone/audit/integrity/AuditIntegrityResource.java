package io.chaperone.audit.integrity;

import io.chaperone.audit.integrity.AuditIntegrityViews.CheckpointView;
import io.chaperone.audit.integrity.AuditIntegrityViews.VerifyView;
import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * Integrity of a session's audit chain (docs/audit.md): verification against the signed checkpoints, and
 * the latest checkpoint with the inclusion proof of the chain's head. Visible to whoever may see the
 * session (its home's resident, its technician, ops); anyone else gets 404.
 */
@Path("/api/v1/sessions/{id}/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditIntegrityResource {

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    AuditChains chains;

    @GET
    @Path("verify")
    public Uni<VerifyView> verify(@PathParam("id") UUID id) {
        return visible(id).chain(() -> chains.verify(id)).map(VerifyView::of);
    }

    @GET
    @Path("checkpoint")
    public Uni<CheckpointView> checkpoint(@PathParam("id") UUID id) {
        return visible(id).chain(() -> chains.latestCovering(id)).map(latest -> latest
                .map(c -> CheckpointView.of(c, id))
                .orElseThrow(() -> new ProblemException(404, "checkpoint_not_found",
                        "no checkpoint covers this session yet; checkpoints are written every few seconds")));
    }

    private Uni<Void> visible(UUID sessionId) {
        return access.actor(current.get()).chain(actor -> Panache.withSession(() ->
                SupportSession.<SupportSession>findById(sessionId).chain(s -> access.visible(s, actor)))).replaceWithVoid();
    }
}
