package io.chaperone.relay;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which homes other nodes watch (docs/cluster.md "The live feed on every node"): per node the set of homes it has
 * an activity socket of, as it last announced, and until when that announcement counts. A node repeats its whole
 * set every refresh interval, so a node that died (or a lost {@code unwatch}) stops counting after {@code ttlMillis}.
 * Read once per committed audit record, so {@link #watched} is a few map lookups and never allocates; changes are
 * rare (a first or last watcher) and copy the node's set.
 */
final class FeedInterest {

    private record Node(Set<UUID> homes, long until) {
    }

    private final long ttlMillis;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();

    FeedInterest(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    /** {@code node} has a first watcher of each of {@code homes}; it is alive now. */
    void watched(String node, Collection<UUID> homes, long now) {
        nodes.compute(node, (n, known) -> {
            Set<UUID> next = known == null || known.until() <= now ? new HashSet<>() : new HashSet<>(known.homes());
            next.addAll(homes);
            return new Node(Set.copyOf(next), now + ttlMillis);
        });
    }

    /** {@code node}'s last watcher of each of {@code homes} closed. */
    void unwatched(String node, Collection<UUID> homes, long now) {
        nodes.computeIfPresent(node, (n, known) -> {
            Set<UUID> next = new HashSet<>(known.homes());
            next.removeAll(homes);
            return next.isEmpty() ? null : new Node(Set.copyOf(next), now + ttlMillis);
        });
    }

    /** {@code node}'s whole set (its refresh, or its answer to "who watches?"): replaces what was known of it. */
    void all(String node, Collection<UUID> homes, long now) {
        if (homes.isEmpty()) {
            nodes.remove(node);
        } else {
            nodes.put(node, new Node(Set.copyOf(homes), now + ttlMillis));
        }
    }

    /** {@code node} is gone: nothing it announced counts any more. */
    void gone(String node) {
        nodes.remove(node);
    }

    /** Whether any other node has a live watcher of {@code homeId} by its announcements. */
    boolean watched(UUID homeId, long now) {
        for (Node node : nodes.values()) {
            if (node.until() > now && node.homes().contains(homeId)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the nodes not heard of within the time to live. */
    void expire(long now) {
        nodes.values().removeIf(node -> node.until() <= now);
    }

    /** The nodes whose announcements still count (for tests and readiness-like views). */
    Set<String> nodes(long now) {
        Set<String> live = new HashSet<>();
        nodes.forEach((id, node) -> {
            if (node.until() > now) {
                live.add(id);
            }
        });
        return live;
    }
}
