package io.chaperone.cluster;

import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionChanged;
import io.chaperone.consent.SessionClosing;
import io.chaperone.consent.SessionState;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Scope;
import io.chaperone.privacy.DataKeys;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.relay.LiveRegistry;
import io.chaperone.relay.LiveSession;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The two directions of the change feed on this node. Out: a closing decided here for a session that is not live
 * here is announced before it commits (the committed change itself is announced by the database, V104). In: a
 * notice about a session live here, a hub connected here or a home whose keys may be cached here re-fires the
 * same local events ({@link Remote}) or calls, so the relay and the key caches keep one code path. Everything
 * else is dropped at a map read: most notices concern other nodes.
 */
@ApplicationScoped
public class ClusterEvents {

    private static final Logger LOG = Logger.getLogger(ClusterEvents.class);
    static final String NOTIFY = "SELECT pg_notify($1, $2)";
    /** The NATS subject (below the prefix) every node listens on for closings decided elsewhere. */
    static final String CLOSINGS = "closings";
    private static final String SESSION = """
            SELECT home_id, hub_id, technician_id, state, scope, reveal, expires_at, end_reason
              FROM support_sessions WHERE id = $1""";

    @Inject
    LiveRegistry registry;
    @Inject
    io.chaperone.relay.Delivery delivery;
    @Inject
    DataKeys keys;
    @Inject
    io.chaperone.optout.LiveFeedChoices choices;
    @Inject
    Pool pool;
    @Inject
    FeedConfig config;
    @Inject
    ClusterBus bus;
    @Inject
    ChangeFeed feed;
    @Inject
    Clock clock;
    @Inject
    io.chaperone.ops.Meters metrics;
    @Inject
    @Any
    Event<SessionChanged> changed;
    @Inject
    @Any
    Event<SessionClosing> closing;

    /** In cluster mode closings also arrive on NATS ({@link #CLOSINGS}), the fast path of {@link #announce}. */
    void listen(@Observes StartupEvent event) {
        if (config.revocationFeedEnabled() && bus.enabled()) {
            bus.subscribe(bus.subjects().named(CLOSINGS), message -> ChangeNotice.parse(new String(message.data(),
                    StandardCharsets.UTF_8)).filter(ChangeNotice.Closing.class::isInstance)
                    .ifPresent(notice -> apply(notice, SessionClosing.Via.NATS, message.receivedNanos())));
        }
    }

    /**
     * A closing decided on this node (not one received): tell the node that holds the live session, if not us. Two
     * paths at once, both ahead of the commit and off the shared pool, because revoking is the safety valve and must not
     * queue behind ordinary traffic: NATS (no database on the way; sub-millisecond when the cluster bus is up) and the
     * change feed's own connection. The committed change's own notice (V104) and the re-read after a reconnect follow
     * regardless; a node acts on the first of them and ignores the rest (a live session is shut once).
     */
    void announce(@Observes @Default SessionClosing decided) {
        if (!config.revocationFeedEnabled() || registry.hasSession(decided.sessionId())) {
            return;
        }
        ChangeNotice.closing(decided).ifPresent(payload -> {
            if (bus.enabled() && bus.connected()) {
                try {
                    bus.publish(bus.subjects().named(CLOSINGS), payload.getBytes(StandardCharsets.UTF_8));
                    if (decided.action() == SessionAction.REVOKE) {
                        metrics.revocationAnnounced("remote", System.nanoTime() - decided.sinceNanos());
                    }
                } catch (ClusterException e) {
                    LOG.debugf("closing not published on NATS: %s", e.code());
                }
            }
            feed.announce(payload).subscribe().with(v -> { },
                    e -> LOG.debugf("closing notice not sent: %s", e.getClass().getSimpleName()));
        });
    }

    /** Acts on one notice from the change feed, received now. */
    void apply(ChangeNotice notice) {
        apply(notice, SessionClosing.Via.FEED, System.nanoTime());
    }

    /**
     * Acts on one notice from another node (or the database) that arrived {@code via} at {@code receivedNanos}; never
     * blocks, reads only for sessions live here.
     */
    void apply(ChangeNotice notice, SessionClosing.Via via, long receivedNanos) {
        switch (notice) {
            case ChangeNotice.Closing c -> {
                LiveSession live = registry.session(c.sessionId());
                if (live != null && live.active()) {
                    closing.select(Remote.Literal.INSTANCE).fire(new SessionClosing(c.sessionId(), c.action(), c.actor(),
                            via, receivedNanos));
                }
            }
            case ChangeNotice.SessionChange s -> {
                LiveSession live = registry.session(s.sessionId());
                if (live == null || !live.active()) {
                    return;
                }
                boolean closes = closes(s.state());
                if (closes) {
                    // The notice names the committed state: shut now, before the read below (a pool busy with
                    // ordinary traffic must not hold a revocation back), with the code that state closes with. The
                    // re-read still follows for the observers of the committed change (ledger flush, read-back).
                    closing.select(Remote.Literal.INSTANCE).fire(new SessionClosing(s.sessionId(), closingOf(s.state()),
                            io.chaperone.consent.Actor.system(), via, receivedNanos));
                }
                if (closes || s.scopeVersion() > live.grant().scopeVersion()) {
                    refire(s.sessionId(), SessionState.active).subscribe().with(v -> { },
                            e -> LOG.warnf("a session change from the feed was not re-read: %s", e.getClass().getSimpleName()));
                }
            }
            case ChangeNotice.HubChange h -> closeHub(h.hubId(), h.what());
            case ChangeNotice.KeysChanged k -> keys.forgetHome(k.homeId());
            case ChangeNotice.FeedChoice l -> choices.learned(l.homeId(), l.minimal());
            case ChangeNotice.Beat b -> { }
        }
    }

    /** Closes a hub connected here that another node removed or killed; a lifted kill needs nothing. */
    void closeHub(UUID hubId, String what) {
        io.chaperone.relay.LiveHub hub = registry.hub(hubId);
        if (hub == null) {
            return;
        }
        switch (what) {
            case "removed" -> delivery.closeHubConnection(hub, CloseCodes.CERTIFICATE_REVOKED_REASON);
            case "killed" -> delivery.closeHubConnection(hub, CloseCodes.TERMINATED_REASON);
            default -> { }
        }
    }

    /** A revocation accepted elsewhere and not recorded yet: shut as if it were (the actor is the gateway). */
    void revoking(UUID sessionId) {
        if (registry.hasSession(sessionId)) {
            closing.select(Remote.Literal.INSTANCE).fire(new SessionClosing(sessionId, SessionAction.REVOKE,
                    io.chaperone.consent.Actor.system(), SessionClosing.Via.FEED, System.nanoTime()));
        }
    }

    /** Reads the session as committed and fires it as a remote {@link SessionChanged} (from = what we knew). */
    Uni<Void> refire(UUID sessionId, SessionState from) {
        return pool.preparedQuery(SESSION).execute(Tuple.of(sessionId)).invoke(rows -> {
            if (rows.size() == 1) {
                changed.select(Remote.Literal.INSTANCE).fire(changeOf(sessionId, from, rows.iterator().next()));
            }
        }).replaceWithVoid();
    }

    private SessionChanged changeOf(UUID sessionId, SessionState from, Row row) {
        SessionState to = SessionState.valueOf(row.getString("state"));
        String scope = row.getString("scope");
        OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
        String reason = row.getString("end_reason");
        return new SessionChanged(sessionId, row.getUUID("home_id"), row.getUUID("hub_id"), row.getUUID("technician_id"),
                from, to, "system",
                reason == null ? "changed on another node" : reason, clock.instant(),
                scope == null ? Scope.empty() : Scope.fromJson(scope),
                expiresAt == null ? null : expiresAt.toInstant(), reveal(row.getString("reveal")));
    }

    private static SessionAction closingOf(String state) {
        return switch (state) {
            case "revoked" -> SessionAction.REVOKE;
            case "suspended" -> SessionAction.SUSPEND;
            case "ended" -> SessionAction.END;
            case "expired" -> SessionAction.EXPIRE;
            default -> SessionAction.KILL;
        };
    }

    static boolean closes(String state) {
        return switch (state) {
            case "revoked", "suspended", "ended", "expired", "terminated" -> true;
            default -> false;
        };
    }

    private static Set<DataClass> reveal(String json) {
        Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
        if (json != null && !json.isBlank()) {
            new JsonArray(json).forEach(v -> DataClass.fromWire(String.valueOf(v)).ifPresent(classes::add));
        }
        return classes;
    }
}
