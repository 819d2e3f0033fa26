package io.chaperone.relay;

import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterException;
import io.chaperone.cluster.ClusterLink;
import io.chaperone.cluster.ClusterMessage;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resident feed across nodes (docs/cluster.md "The live feed on every node"): a frame pushed to a home's
 * watchers here is also published on {@code <prefix>.home.<homeId>} when another node watches that home, and this
 * node subscribes to that subject while it has at least one watcher socket of the home (from the first watcher to
 * the last). Who watches what is announced on {@code <prefix>.feeds.interest} ({@link FeedInterest}): at a node's
 * first and last watcher of a home, its whole set every refresh interval and in answer to the {@code who} a node
 * asks at start-up, so a home nobody watches costs no publication (and no frame is even built for it). The frame is
 * the one the local watchers got (already minimal or redacted); an origin header keeps a node from delivering its
 * own publication a second time. Single node: nothing here does anything.
 */
@ApplicationScoped
public class HomeFeeds {

    private static final Logger LOG = Logger.getLogger(HomeFeeds.class);
    /** Header naming the publishing node. */
    static final String ORIGIN = "o";
    /** Header of an interest announcement: {@code watch}, {@code unwatch}, {@code all} (the whole set) or {@code who}. */
    static final String KIND = "k";
    /** Subject (below the prefix) of the interest announcements. */
    static final String INTEREST = "feeds.interest";

    @Inject
    ClusterBus bus;
    @Inject
    LiveRegistry registry;
    @Inject
    RelayConfig config;
    @Inject
    Vertx vertx;

    /** Watcher sockets and the subscription, per home watched on this node. */
    private final Map<UUID, Interest> homes = new ConcurrentHashMap<>();
    private volatile Map<String, String> origin;
    private volatile FeedInterest elsewhere = new FeedInterest(0);

    private record Interest(int watchers, ClusterBus.Subscription subscription) {
    }

    /** Listens to the other nodes' interest, asks who watches what, and repeats this node's own set. */
    void start(@Observes StartupEvent event) {
        if (!bus.enabled()) {
            return;
        }
        long refresh = Math.max(1, config.cluster().feedInterestRefresh().toMillis());
        elsewhere = new FeedInterest(3 * refresh);
        bus.subscribe(bus.subjects().named(INTEREST), this::heard);
        vertx.setPeriodic(refresh, id -> {
            elsewhere.expire(System.currentTimeMillis());
            announce("all", homes.keySet());
        });
        // Connected (at start-up, or back from a NATS outage in which announcements may have been lost): tell and ask.
        bus.onLink(link -> {
            if (link.state().up()) {
                announce("all", homes.keySet());
                announce("who", List.of());
            }
        });
        if (bus.connected()) {
            announce("who", List.of());
        }
    }

    /** A watcher socket of {@code homeId} opened here: the first one subscribes and says so. */
    void watching(UUID homeId) {
        if (!bus.enabled()) {
            return;
        }
        boolean[] first = new boolean[1];
        homes.compute(homeId, (h, i) -> {
            first[0] = i == null;
            return i == null ? new Interest(1, bus.subscribe(bus.subjects().home(h), m -> delivered(h, m)))
                    : new Interest(i.watchers() + 1, i.subscription());
        });
        if (first[0]) {
            announce("watch", List.of(homeId));
        }
    }

    /** A watcher socket of {@code homeId} closed here: the last one unsubscribes and says so. */
    void unwatched(UUID homeId) {
        if (!bus.enabled()) {
            return;
        }
        boolean[] last = new boolean[1];
        homes.computeIfPresent(homeId, (h, i) -> {
            if (i.watchers() > 1) {
                return new Interest(i.watchers() - 1, i.subscription());
            }
            i.subscription().close();
            last[0] = true;
            return null;
        });
        if (last[0]) {
            announce("unwatch", List.of(homeId));
        }
    }

    /** Whether a node other than this one has a watcher of {@code homeId} (then its frames are made and published). */
    boolean watchedElsewhere(UUID homeId) {
        return bus.enabled() && homeId != null && elsewhere.watched(homeId, System.currentTimeMillis());
    }

    /** Whether this node listens to the home's feed subject now. */
    public boolean subscribed(UUID homeId) {
        return homes.containsKey(homeId);
    }

    /** Publishes a frame pushed here to the home's watchers on other nodes, if any; best effort, like a socket send. */
    void publish(UUID homeId, String frame) {
        if (!watchedElsewhere(homeId)) {
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

    /** Another node's announcement (this node's own come back too and are ignored). */
    private void heard(ClusterMessage message) {
        String node = message.header(ORIGIN);
        if (node == null || bus.nodeId().equals(node)) {
            return;
        }
        long now = System.currentTimeMillis();
        List<UUID> listed = homesOf(message.data());
        switch (String.valueOf(message.header(KIND))) {
            case "watch" -> elsewhere.watched(node, listed, now);
            case "unwatch" -> elsewhere.unwatched(node, listed, now);
            case "all" -> elsewhere.all(node, listed, now);
            case "who" -> announce("all", homes.keySet());
            default -> { }
        }
    }

    private void announce(String kind, Collection<UUID> listed) {
        StringBuilder data = new StringBuilder(listed.size() * 37);
        for (UUID home : listed) {
            data.append(data.isEmpty() ? "" : ",").append(home);
        }
        try {
            bus.publish(bus.subjects().named(INTEREST), Map.of(ORIGIN, bus.nodeId(), KIND, kind),
                    data.toString().getBytes(StandardCharsets.UTF_8));
        } catch (ClusterException e) {
            // The next refresh repeats the whole set; until then other nodes may not publish for a new watcher here.
            LOG.debugf("feed interest not announced: %s", e.code());
        }
    }

    private static List<UUID> homesOf(byte[] data) {
        List<UUID> listed = new ArrayList<>();
        for (String id : new String(data, StandardCharsets.UTF_8).split(",")) {
            try {
                if (!id.isBlank()) {
                    listed.add(UUID.fromString(id.trim()));
                }
            } catch (IllegalArgumentException e) {
                // not a home id: ignored, like any malformed announcement
            }
        }
        return listed;
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
