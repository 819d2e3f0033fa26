package io.chaperone.home;

import io.chaperone.cluster.ClusterConfig;
import io.chaperone.cluster.HubPresence;
import io.chaperone.home.HomeViews.HubView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Whether a hub is online as residents see it. On one node, {@code hubs.online} as the hub's socket left it. In
 * cluster mode that column is only as good as the node that wrote it: a node killed without a clean shutdown never
 * writes {@code false}, so there a hub counts as online only while its presence lease is live (judged by the
 * database clock, docs/cluster.md "Hub presence"): it reads offline from {@code lease-duration} after the dead node's
 * last renewal, on every node, and online again as soon as the hub's reconnect elsewhere claims a new lease.
 */
@ApplicationScoped
public class HubLiveness {

    @Inject
    HubPresence presence;
    @Inject
    ClusterConfig cluster;

    /** {@code views} with {@code online} judged as above, in the same order. */
    public Uni<List<HubView>> judged(List<HubView> views) {
        if (!cluster.enabled() || views.isEmpty()) {
            return Uni.createFrom().item(views);
        }
        return Multi.createFrom().iterable(views)
                .onItem().transformToUniAndConcatenate(view -> presence.online(view.id())
                        .map(leased -> view.online() == leased ? view : view.withOnline(leased)))
                .collect().asList();
    }
}
