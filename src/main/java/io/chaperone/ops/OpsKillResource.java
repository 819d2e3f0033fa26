package io.chaperone.ops;

import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionQueries;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.SessionView;
import io.chaperone.consent.Transition;
import io.chaperone.home.Hub;
import io.chaperone.home.HubDirectory;
import io.chaperone.home.HubLiveness;
import io.chaperone.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The ops emergency kill switch (ADR 0010, docs/api.md): terminate one session, or kill a hub with all its
 * sessions until ops lift it. Distinct from the resident's revoke: its own state ({@code terminated}), its own
 * audit events ({@code session.killed}, {@code hub.killed}) and close code (4011). A reason is required and
 * recorded with the operator's subject. Like a revoke, no step-up: stopping must always be possible. The hub list
 * ({@code GET hubs}) shows what the switch can reach.
 */
@Path("/api/v1/ops")
@RolesAllowed("ops")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OpsKillResource {

    /** The hub list is for people: online hubs first, at most this many. */
    static final int HUB_LIST_LIMIT = 500;

    /**
     * One hub as ops see it (metadata only); {@code online} as residents see it ({@link HubLiveness}): in cluster
     * mode the presence lease, so a hub of a killed node reads offline once its lease ran out.
     */
    public record OpsHubView(UUID id, UUID homeId, String name, String model, String firmware, boolean online,
                             Instant lastSeenAt, Instant attestedAt, boolean quarantined, boolean killed,
                             Instant killedAt, String killReason) {
        static OpsHubView of(Hub hub) {
            return new OpsHubView(hub.id, hub.homeId, hub.name, hub.model, hub.firmware, hub.online, hub.lastSeenAt,
                    hub.attestedAt, hub.quarantined, hub.killedAt != null, hub.killedAt, hub.killReason);
        }

        OpsHubView withOnline(boolean now) {
            return new OpsHubView(id, homeId, name, model, firmware, now, lastSeenAt, attestedAt, quarantined, killed,
                    killedAt, killReason);
        }
    }

    /** Why ops pull the switch: required, recorded in the audit trail. */
    public record KillBody(@NotBlank @Size(max = 500) String reason) {
    }

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    SessionTransitions transitions;
    @Inject
    SessionQueries queries;
    @Inject
    HubKills hubs;
    @Inject
    HubDirectory directory;
    @Inject
    HubLiveness liveness;

    /** Every enrolled hub that was not removed, for the dashboard and the kill switch: no devices, keys or certificates. */
    @GET
    @Path("hubs")
    public Uni<List<OpsHubView>> hubs() {
        return directory.allHubs(HUB_LIST_LIMIT).map(list -> list.stream().map(OpsHubView::of).toList())
                .chain(views -> liveness.judged(views, OpsHubView::id, OpsHubView::online, OpsHubView::withOnline))
                // online first as judged (a stable sort keeps the directory's order within each group)
                .map(views -> views.stream().sorted(Comparator.comparing(OpsHubView::online).reversed()).toList());
    }

    /** The session becomes {@code terminated}: the technician closes with 4011, the hub is told session.close. */
    @POST
    @Path("sessions/{id}/kill")
    public Uni<SessionView> killSession(@PathParam("id") UUID id, @NotNull @Valid KillBody body) {
        Transition.Plain kill = new Transition.Plain(SessionAction.KILL, body.reason());
        return access.actor(current.get()).chain(ops -> transitions.apply(id, kill, ops)
                .chain(changed -> queries.view(id, ops)));
    }

    /** Kills the hub: its sessions are terminated, its socket closes with 4011, it cannot reconnect until lifted. */
    @POST
    @Path("hubs/{id}/kill")
    public Uni<HubKills.HubKillView> killHub(@PathParam("id") UUID id, @NotNull @Valid KillBody body) {
        return access.actor(current.get()).chain(ops -> hubs.kill(id, body.reason(), ops));
    }

    /** Lifts a hub kill: the hub may connect again; its terminated sessions stay terminated. */
    @POST
    @Path("hubs/{id}/lift")
    public Uni<HubKills.HubKillView> liftHub(@PathParam("id") UUID id, @NotNull @Valid KillBody body) {
        return access.actor(current.get()).chain(ops -> hubs.lift(id, body.reason(), ops));
    }
}
