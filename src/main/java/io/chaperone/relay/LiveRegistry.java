package io.chaperone.relay;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's in-memory view of live hubs, live sessions and resident watchers. Lookups are map reads
 * (websockets-next's OpenConnections scans every connection). This is the "local implementation" of
 * delivery to a hub or a session (ARCHITECTURE §10); a cluster adds a remote one behind the same calls.
 */
@ApplicationScoped
public class LiveRegistry {

    private final Map<UUID, LiveHub> hubs = new ConcurrentHashMap<>();
    private final Map<UUID, LiveSession> sessions = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Outbox>> watchers = new ConcurrentHashMap<>();

    public LiveHub hub(UUID hubId) {
        return hubs.get(hubId);
    }

    /** Closes the live connection of a hub, if it has one (e.g. its certificate was just revoked). */
    public void closeHub(UUID hubId, io.quarkus.websockets.next.CloseReason reason) {
        LiveHub hub = hubs.get(hubId);
        if (hub != null) {
            hub.outbox().connection().close(reason).subscribe().with(v -> { }, e -> { });
        }
    }

    /** Registers a hub connection; returns the connection it supersedes, if any. */
    LiveHub putHub(LiveHub hub) {
        return hubs.put(hub.hubId(), hub);
    }

    /** Removes the hub only if {@code hub} is still its registered connection. */
    boolean removeHub(LiveHub hub) {
        return hubs.remove(hub.hubId(), hub);
    }

    public LiveSession session(UUID sessionId) {
        return sessions.get(sessionId);
    }

    public boolean hasSession(UUID sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** Registers a technician connection; false if the session already has one. */
    boolean putSession(LiveSession session) {
        return sessions.putIfAbsent(session.sessionId(), session) == null;
    }

    boolean removeSession(LiveSession session) {
        return sessions.remove(session.sessionId(), session);
    }

    List<LiveSession> sessionsOfHub(UUID hubId) {
        return sessions.values().stream().filter(s -> s.hubId().equals(hubId)).toList();
    }

    Collection<LiveSession> sessions() {
        return sessions.values();
    }

    public int hubCount() {
        return hubs.size();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** The sessions live on this node (a snapshot; the cluster change feed re-reads them after a reconnect). */
    public Set<UUID> sessionIds() {
        return Set.copyOf(sessions.keySet());
    }

    /** The hubs connected to this node (a snapshot). */
    public Set<UUID> hubIds() {
        return Set.copyOf(hubs.keySet());
    }

    void watch(UUID homeId, Outbox watcher) {
        watchers.computeIfAbsent(homeId, h -> ConcurrentHashMap.newKeySet()).add(watcher);
    }

    void unwatch(UUID homeId, Outbox watcher) {
        watchers.computeIfPresent(homeId, (h, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    Set<Outbox> watchersOf(UUID homeId) {
        return watchers.getOrDefault(homeId, Set.of());
    }
}
