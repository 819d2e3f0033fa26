package io.chaperone.relay;

import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterException;
import io.chaperone.cluster.ClusterMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resident feed across nodes (docs/cluster.md "The live feed on every node"): every frame pushed to a home's
 * watchers here is also published on {@code <prefix>.home.<homeId>}, and this node subscribes to that subject
 * while it has at least one watcher socket of the home (from the first watcher to the last). The frame is the one
 * the local watchers got (already minimal or redacted); an origin header keeps a node from delivering its own
 * publication a second time. Single node: nothing here does anything.
 */
@ApplicationScoped
public class HomeFeeds {

    private static final Logger LOG = Logger.getLogger(HomeFeeds.class);
    /** Header naming the publishing node. */
    static final String ORIGIN = "o";

    @Inject
    ClusterBus bus;
    @Inject
    LiveRegistry registry;

    /** Watcher sockets and the subscription, per home watched on this node. */
    private final Map<UUID, Interest> homes = new ConcurrentHashMap<>();
    private volatile Map<String, String> origin;

    private record Interest(int watchers, ClusterBus.Subscription subscription) {
    }

    /** A watcher socket of {@code homeId} opened here: the first one subscribes. */
    void watching(UUID homeId) {
        if (!bus.enabled()) {
            return;
        }
        homes.compute(homeId, (h, i) -> i == null
                ? new Interest(1, bus.subscribe(bus.subjects().home(h), m -> delivered(h, m)))
                : new Interest(i.watchers() + 1, i.subscription()));
    }

    /** A watcher socket of {@code homeId} closed here: the last one unsubscribes. */
    void unwatched(UUID homeId) {
        if (!bus.enabled()) {
            return;
        }
        homes.computeIfPresent(homeId, (h, i) -> {
            if (i.watchers() > 1) {
                return new Interest(i.watchers() - 1, i.subscription());
            }
            i.subscription().close();
            return null;
        });
    }

    boolean clustered() {
        return bus.enabled();
    }

    /** Whether this node listens to the home's feed subject now. */
    public boolean subscribed(UUID homeId) {
        return homes.containsKey(homeId);
    }

    /** Publishes a frame pushed here to the home's watchers on other nodes; best effort, like a socket send. */
    void publish(UUID homeId, String frame) {
        if (!bus.enabled() || homeId == null) {
            return;
        }
        try {
            bus.publish(bus.subjects().home(homeId), origin(), frame.getBytes(StandardCharsets.UTF_8));
        } catch (ClusterException e) {
            // Never the frame: the feed is a view of the audit, which holds the row regardless.
            LOG.debugf("feed frame of a home not published: %s", e.code());
        }
    }

    /** On the subscription's event loop, in publication order per publishing node. */
    private void delivered(UUID homeId, ClusterMessage message) {
        if (bus.nodeId().equals(message.header(ORIGIN))) {
            return;
        }
        String frame = new String(message.data(), StandardCharsets.UTF_8);
        for (Outbox watcher : registry.watchersOf(homeId)) {
            watcher.send(frame);
        }
    }

    private Map<String, String> origin() {
        Map<String, String> o = origin;
        if (o == null) {
            o = Map.of(ORIGIN, bus.nodeId());
            origin = o;
        }
        return o;
    }
}
