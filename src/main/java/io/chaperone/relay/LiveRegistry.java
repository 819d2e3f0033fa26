package io.chaperone.relay;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's in-memory view of live hubs, live sessions (also indexed by hub) and resident watchers. Lookups are
 * map reads (websockets-next's OpenConnections scans every connection). Frames reach these sockets only through
 * {@link Delivery}; this class only knows who is connected here.
 */
@ApplicationScoped
public class LiveRegistry {

    private final Map<UUID, LiveHub> hubs = new ConcurrentHashMap<>();
    private final Map<UUID, LiveSession> sessions = new ConcurrentHashMap<>();
    /** Live sessions by hub, so a hub's connect, inventory, event or loss touches its own sessions only. */
    private final Map<UUID, Set<LiveSession>> sessionsByHub = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Outbox>> watchers = new ConcurrentHashMap<>();

    public LiveHub hub(UUID hubId) {
        return hubs.get(hubId);
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
        if (sessions.putIfAbsent(session.sessionId(), session) != null) {
            return false;
        }
        sessionsByHub.computeIfAbsent(session.hubId(), h -> ConcurrentHashMap.newKeySet()).add(session);
        return true;
    }

    boolean removeSession(LiveSession session) {
        if (!sessions.remove(session.sessionId(), session)) {
            return false;
        }
        sessionsByHub.computeIfPresent(session.hubId(), (h, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        return true;
    }

    /** The live sessions on {@code hubId} (a snapshot: safe to iterate while sessions come and go). */
    List<LiveSession> sessionsOfHub(UUID hubId) {
        Set<LiveSession> of = sessionsByHub.get(hubId);
        return of == null ? List.of() : List.copyOf(of);
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
