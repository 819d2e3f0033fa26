package io.chaperone.privacy;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.SessionAccess;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.RestMulti;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.util.UUID;

/**
 * {@code GET /api/v1/homes/{id}/export}: the resident's full export, streamed (docs/export-format.md).
 * Ownership is checked before the first byte, so a stranger gets a plain 404.
 */
@Path("/api/v1/homes/{id}/export")
@Authenticated
public class HomeExportResource {

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    Pool pool;
    @Inject
    HomeExport export;
    @Inject
    AuditWriter audit;
    @Inject
    Clock clock;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Multi<Buffer> export(@PathParam("id") UUID id) {
        Caller caller = current.get();
        if (!caller.is(Role.RESIDENT)) {
            throw ProblemException.notFound("home");
        }
        // The export is audited (C1 home.exported on the home's chain) before its first byte leaves.
        Multi<Buffer> bundle = access.actor(caller).chain(actor -> owned(id, actor.personId())
                        .call(() -> audit.commit(new AuditRecord(id, id, clock.instant(), actor.subject(),
                                AuditKind.HOME_EXPORTED, null, null, "exported", null, null)))).toMulti()
                .onItem().transformToMultiAndConcatenate(ok -> export.stream(id))
                .map(Buffer::buffer);
        // Not a JSON array of items: each piece is written as it is, followed by a newline (JSON whitespace).
        return RestMulti.fromMultiData(bundle).encodeAsJsonArray(false)
                .header("Content-Disposition", "attachment; filename=\"chaperone-export-" + id + ".json\"").build();
    }

    private Uni<Boolean> owned(UUID homeId, UUID residentId) {
        return pool.preparedQuery("SELECT 1 FROM homes WHERE id = $1 AND resident_id = $2")
                .execute(Tuple.of(homeId, residentId))
                .chain(rows -> rows.size() == 1 ? Uni.createFrom().item(Boolean.TRUE)
                        : Uni.createFrom().failure(ProblemException.notFound("home")));
    }
}
