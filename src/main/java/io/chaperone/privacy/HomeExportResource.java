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
import io.chaperone.household.Household;
import io.chaperone.household.Right;
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
 * The household right to export (owner, or a member allowed to erase) is checked before the first byte, so a
 * stranger gets a plain 404 and a member without it 403.
 */
@Path("/api/v1/homes/{id}/export")
@Authenticated
public class HomeExportResource {

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    Household household;
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
        Multi<Buffer> bundle = access.actor(caller).chain(actor -> household.requireDirect(actor.personId(), id, Right.ERASE, "home")
                        .call(() -> audit.commit(new AuditRecord(id, id, clock.instant(), actor.subject(),
                                AuditKind.HOME_EXPORTED, null, null, "exported", null, null)))).toMulti()
                .onItem().transformToMultiAndConcatenate(ok -> export.stream(id))
                .map(Buffer::buffer);
        // Not a JSON array of items: each piece is written as it is, followed by a newline (JSON whitespace).
        return RestMulti.fromMultiData(bundle).encodeAsJsonArray(false)
                .header("Content-Disposition", "attachment; filename=\"chaperone-export-" + id + ".json\"").build();
    }
}
