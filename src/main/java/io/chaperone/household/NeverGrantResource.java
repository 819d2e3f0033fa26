package io.chaperone.household;

import io.chaperone.audit.AuditKind;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/homes/{homeId}/never-grant}: the home's never-grant list. Every member reads it; only the owner
 * adds and removes entries, each audited (C1, home chain) before the row changes.
 */
@Path("/api/v1/homes/{homeId}/never-grant")
@RolesAllowed("resident")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NeverGrantResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Household household;
    @Inject
    HouseholdAudit audit;
    @Inject
    Clock clock;

    /** Exactly one shape: {@code device}, {@code operation}, both, or {@code dataClass} alone. */
    public record NewEntry(@Size(max = 128) String device, Operation operation, DataClass dataClass,
                           @Size(max = 200) String note) {
    }

    public record EntryView(UUID id, String device, String operation, String dataClass, String note, Instant createdAt) {
        static EntryView of(NeverGrant e) {
            return new EntryView(e.id, e.deviceId, e.operation, e.dataClass, e.note, e.createdAt);
        }
    }

    @GET
    @WithTransaction
    public Uni<List<EntryView>> list(@PathParam("homeId") UUID homeId) {
        return people.resident(current.get())
                .chain(me -> household.require(me.id, homeId, Right.VIEW, "home"))
                .chain(ok -> household.neverGrants(homeId))
                .map(list -> list.entries().stream().map(EntryView::of).toList());
    }

    @POST
    @WithTransaction
    public Uni<Response> add(@PathParam("homeId") UUID homeId, @NotNull NewEntry body) {
        boolean target = body.device() != null || body.operation() != null;
        if (target == (body.dataClass() != null) || (body.device() != null && body.device().isBlank())) {
            throw new ProblemException(422, "never_grant_invalid",
                    "an entry names a device, an operation, both, or a data class alone");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String actor = current.get().subject();
        return people.resident(current.get())
                .call(me -> household.require(me.id, homeId, Right.MANAGE, "home"))
                .call(me -> household.neverGrants(homeId).invoke(list -> {
                    if (list.entries().stream().anyMatch(e -> same(e, body))) {
                        throw ProblemException.conflict("never_grant_exists", "the list already has this entry");
                    }
                }))
                .chain(me -> {
                    NeverGrant entry = new NeverGrant();
                    entry.id = UUID.randomUUID();
                    entry.homeId = homeId;
                    entry.deviceId = body.device();
                    entry.operation = body.operation() == null ? null : body.operation().wireName();
                    entry.dataClass = body.dataClass() == null ? null : body.dataClass().wireName();
                    entry.note = body.note();
                    entry.createdBy = me.id;
                    entry.createdAt = now;
                    return audit.record(homeId, now, actor, AuditKind.NEVER_GRANT_ADDED, "added", entry.id.toString(),
                            detail(entry)).chain(seq -> entry.<NeverGrant>persist());
                })
                .map(e -> Response.created(URI.create("/api/v1/homes/" + homeId + "/never-grant/" + e.id))
                        .entity(EntryView.of(e)).build());
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    public Uni<Response> remove(@PathParam("homeId") UUID homeId, @PathParam("id") UUID id) {
        String actor = current.get().subject();
        return people.resident(current.get())
                .chain(me -> household.require(me.id, homeId, Right.MANAGE, "home"))
                .chain(ok -> NeverGrant.<NeverGrant>findById(id))
                .chain(e -> e == null || !e.homeId.equals(homeId)
                        ? Uni.createFrom().failure(ProblemException.notFound("entry"))
                        : audit.record(homeId, clock.instant(), actor, AuditKind.NEVER_GRANT_REMOVED, "removed",
                                id.toString(), detail(e)).chain(seq -> e.delete()))
                .map(done -> Response.noContent().build());
    }

    private static boolean same(NeverGrant e, NewEntry body) {
        return java.util.Objects.equals(e.deviceId, body.device())
                && java.util.Objects.equals(e.operation, body.operation() == null ? null : body.operation().wireName())
                && java.util.Objects.equals(e.dataClass, body.dataClass() == null ? null : body.dataClass().wireName());
    }

    /** The entry's shape (device ids are pseudonymised with the rest at erasure, like scopes); never the note. */
    private static String detail(NeverGrant e) {
        var json = new io.vertx.core.json.JsonObject();
        if (e.deviceId != null) {
            json.put("device", e.deviceId);
        }
        if (e.operation != null) {
            json.put("operation", e.operation);
        }
        if (e.dataClass != null) {
            json.put("dataClass", e.dataClass);
        }
        return json.encode();
    }
}
