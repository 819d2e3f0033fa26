package io.chaperone.home;

import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/ops/hubs}: every enrolled, not removed hub for ops (the dashboard's hub list and the kill
 * switch). Metadata only: no device inventory, no key or certificate material, no resident name.
 */
@Path("/api/v1/ops/hubs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OpsHubResource {

    /** The list is for people: online hubs first, at most this many. */
    static final int LIMIT = 500;

    /** One hub as ops see it; {@code online} is the relay's presence as recorded in the database. */
    public record OpsHubView(UUID id, UUID homeId, String name, String model, String firmware, boolean online,
                             Instant lastSeenAt, Instant attestedAt, boolean quarantined, boolean killed,
                             Instant killedAt, String killReason) {
        static OpsHubView of(Hub hub) {
            return new OpsHubView(hub.id, hub.homeId, hub.name, hub.model, hub.firmware, hub.online, hub.lastSeenAt,
                    hub.attestedAt, hub.quarantined, hub.killedAt != null, hub.killedAt, hub.killReason);
        }
    }

    @Inject
    CurrentCaller current;
    @Inject
    People people;

    @GET
    @WithTransaction
    public Uni<List<OpsHubView>> list() {
        return people.operator(current.get())
                .chain(operator -> Hub.<Hub>find("removedAt is null order by online desc, lastSeenAt desc nulls last, id")
                        .range(0, LIMIT - 1).list())
                .map(hubs -> hubs.stream().map(OpsHubView::of).toList());
    }
}
