package io.chaperone.home;

import io.chaperone.cluster.ClusterConfig;
import io.chaperone.cluster.HubPresence;
import io.chaperone.home.HomeViews.HubView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

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
        return judged(views, HubView::id, HubView::online, HubView::withOnline);
    }

    /**
     * Any list of hub views judged as above (e.g. the ops hub list), in the same order and in one query:
     * {@code online} reads what a view says, {@code withOnline} returns it with the judged presence.
     */
    public <T> Uni<List<T>> judged(List<T> views, Function<T, UUID> id, Predicate<T> online,
                                   BiFunction<T, Boolean, T> withOnline) {
        if (!cluster.enabled() || views.isEmpty()) {
            return Uni.createFrom().item(views);
        }
        return presence.online(views.stream().map(id).toList()).map(leased -> views.stream().map(view -> {
            boolean live = leased.contains(id.apply(view));
            return online.test(view) == live ? view : withOnline.apply(view, live);
        }).toList());
    }
}
