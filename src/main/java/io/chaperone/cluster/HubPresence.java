package io.chaperone.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Who holds each hub's socket (docs/cluster.md "Hub presence", ADR 0017). The relay claims a hub when its socket
 * opens and releases it when it closes; in cluster mode the claim is a row in {@code hub_presence} whose lease the
 * node renews for all its hubs in one statement per tick, judged by the database clock (no node clock skew). A node
 * that dies stops renewing, so its leases expire: no ghost owner. A newer connection anywhere takes the hub over (the
 * hub has one socket; the newest one is the real one), and the older owner closes its stale socket at its next
 * renewal, or at once when the new owner tells it over the bus.
 * <p>
 * Single-node mode: no table, no timer; ownership is this process's own map.
 */
@ApplicationScoped
public class HubPresence {

    private static final Logger LOG = Logger.getLogger(HubPresence.class);
    /** Node rows nobody renewed for a day are dropped (ids are new at each start). */
    private static final int SWEEP_EVERY_TICKS = 60;

    static final String CLAIM_SQL = """
            WITH old AS (SELECT node_id, lease_until > now() AS live FROM hub_presence WHERE hub_id = $1)
            INSERT INTO hub_presence AS p (hub_id, node_id, incarnation, epoch, claimed_at, lease_until)
            VALUES ($1, $2, $4, 1, now(), now() + $3 * interval '1 millisecond')
            ON CONFLICT (hub_id) DO UPDATE SET node_id = excluded.node_id, incarnation = excluded.incarnation,
                   epoch = p.epoch + 1,
                   claimed_at = excluded.claimed_at, lease_until = excluded.lease_until
            RETURNING p.epoch, (SELECT node_id FROM old) AS previous_node, (SELECT live FROM old) AS previous_live""";
    /** The heartbeat and every lease of this node, in one statement. */
    static final String RENEW_SQL = """
            WITH beat AS (INSERT INTO cluster_nodes (node_id, started_at, heartbeat_at, lease_until)
                          VALUES ($1, $3, now(), now() + $2 * interval '1 millisecond')
                          ON CONFLICT (node_id) DO UPDATE SET started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,
                                 lease_until = excluded.lease_until)
            UPDATE hub_presence SET lease_until = now() + $2 * interval '1 millisecond'
             WHERE node_id = $1 AND incarnation = $4
            RETURNING hub_id, epoch""";
    static final String RELEASE_SQL = "DELETE FROM hub_presence WHERE hub_id = $1 AND incarnation = $2 AND epoch = $3";
    static final String OWNER_SQL = "SELECT node_id, epoch, lease_until FROM hub_presence WHERE hub_id = $1 AND lease_until > now()";
    static final String LEASED_SQL = "SELECT hub_id FROM hub_presence WHERE hub_id = ANY($1) AND lease_until > now()";

    @Inject
    ClusterConfig config;
    @Inject
    ClusterNode node;
    @Inject
    ClusterBus bus;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    private final Map<UUID, HubLease> held = new ConcurrentHashMap<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
    /** This process among all that ran under the node id (a configured id survives restarts; leases must not). */
    private final UUID incarnation = UUID.randomUUID();
    private long timer = -1;
    private int ticks;

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        Duration lease = config.presence().leaseDuration();
        Duration renew = config.presence().renewInterval();
        if (renew.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalStateException("chaperone.cluster.presence.renew-interval must be at most half the lease-duration");
        }
        bus.subscribe(takenSubject(node.id()), m -> taken(new String(m.data(), StandardCharsets.UTF_8)));
        timer = vertx.setPeriodic(renew.toMillis(), id -> tick());
        tick();
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (!config.enabled()) {
            return;
        }
        try {
            // A clean stop hands the hubs back at once instead of after the lease: they reconnect elsewhere.
            pool.preparedQuery("DELETE FROM hub_presence WHERE incarnation = $1").execute(Tuple.of(incarnation))
                    .chain(() -> pool.preparedQuery("UPDATE cluster_nodes SET lease_until = now() WHERE node_id = $1")
                            .execute(Tuple.of(node.id())))
                    .await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("hub presence not released at shutdown (leases will expire): %s", e.getClass().getSimpleName());
        }
    }

    /**
     * Claims {@code hubId} for this node's new connection. {@code onLost} runs once if a newer connection of the hub
     * (here or on another node) takes over; the caller then closes its socket. Never blocks.
     */
    public HubLease claim(UUID hubId, Runnable onLost) {
        HubLease lease = new HubLease(hubId, onLost, this);
        held.put(hubId, lease);
        if (config.enabled()) {
            store(lease);
        }
        return lease;
    }

    /** The node holding the hub's socket now, or empty when no live lease exists (the hub is offline). */
    public Uni<Optional<HubOwner>> ownerOf(UUID hubId) {
        if (!config.enabled()) {
            HubLease lease = held.get(hubId);
            return Uni.createFrom().item(Optional.ofNullable(lease).map(l -> new HubOwner(node.id(), 0, null, true)));
        }
        return pool.preparedQuery(OWNER_SQL).execute(Tuple.of(hubId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            String owner = row.getString("node_id");
            return Optional.of(new HubOwner(owner, row.getLong("epoch"),
                    row.getOffsetDateTime("lease_until").toInstant(), owner.equals(node.id())));
        });
    }

    public Uni<Boolean> online(UUID hubId) {
        return ownerOf(hubId).map(Optional::isPresent);
    }

    /** Which of {@code hubIds} some node holds now ({@link #online} for many, in one query). */
    public Uni<Set<UUID>> online(Collection<UUID> hubIds) {
        if (!config.enabled()) {
            return Uni.createFrom().item(hubIds.stream().filter(held::containsKey).collect(Collectors.toUnmodifiableSet()));
        }
        if (hubIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery(LEASED_SQL).execute(Tuple.of(hubIds.toArray(new UUID[0])))
                .map(rows -> {
                    Set<UUID> leased = new HashSet<>();
                    rows.forEach(row -> leased.add(row.getUUID(0)));
                    return Set.copyOf(leased);
                });
    }

    /** True if a connection of this hub is open on this node (no I/O). */
    public boolean heldHere(UUID hubId) {
        return held.containsKey(hubId);
    }

    public String nodeId() {
        return node.id();
    }

    void released(HubLease lease) {
        held.remove(lease.hubId(), lease);
        long epoch = lease.epoch();
        if (config.enabled() && epoch > 0) {
            delete(lease, epoch);
        }
    }

    private void store(HubLease lease) {
        lease.claiming = true;
        pool.preparedQuery(CLAIM_SQL)
                .execute(Tuple.of(lease.hubId(), node.id(), config.presence().leaseDuration().toMillis(), incarnation))
                .subscribe().with(rows -> {
                    Row row = rows.iterator().next();
                    long epoch = row.getLong("epoch");
                    lease.claimed(epoch);
                    lease.claiming = false;
                    if (lease.released()) {
                        delete(lease, epoch); // closed while the claim was in flight
                        return;
                    }
                    String previous = row.getString("previous_node");
                    if (previous != null && !previous.equals(node.id()) && Boolean.TRUE.equals(row.getBoolean("previous_live"))) {
                        tellTaken(previous, lease.hubId(), epoch);
                    }
                }, failure -> {
                    lease.claiming = false; // the next tick tries again while the socket is open
                    LOG.warnf("hub presence not claimed: %s", failure.getClass().getSimpleName());
                });
    }

    private void delete(HubLease lease, long epoch) {
        pool.preparedQuery(RELEASE_SQL).execute(Tuple.of(lease.hubId(), incarnation, epoch)).subscribe()
                .with(r -> { }, e -> LOG.warnf("hub presence not released (it will expire): %s", e.getClass().getSimpleName()));
    }

    /** One renewal: heartbeat + leases; a lease of ours that did not come back was taken: its socket is stale. */
    void tick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        // Judged are only leases stored before the statement starts: a claim committing meanwhile is not "lost".
        List<HubLease> judged = held.values().stream().filter(l -> l.epoch() > 0).toList();
        held.values().stream().filter(l -> l.epoch() == 0 && !l.claiming && !l.released()).forEach(this::store);
        long leaseMillis = config.presence().leaseDuration().toMillis();
        Uni<Void> sweep = ++ticks % SWEEP_EVERY_TICKS == 0
                ? pool.query("DELETE FROM cluster_nodes WHERE lease_until < now() - interval '1 day'").execute().replaceWithVoid()
                : Uni.createFrom().voidItem();
        pool.preparedQuery(RENEW_SQL).execute(Tuple.of(node.id(), leaseMillis, startedAt, incarnation))
                .call(() -> sweep)
                .subscribe().with(rows -> {
                    Map<UUID, Long> renewed = new HashMap<>();
                    rows.forEach(r -> renewed.put(r.getUUID("hub_id"), r.getLong("epoch")));
                    for (HubLease lease : judged) {
                        Long epoch = renewed.get(lease.hubId());
                        if (epoch == null || epoch != lease.epoch()) {
                            lost(lease);
                        }
                    }
                    ticking.set(false);
                }, failure -> {
                    ticking.set(false);
                    LOG.warnf("hub presence leases not renewed: %s", failure.getClass().getSimpleName());
                });
    }

    private void lost(HubLease lease) {
        if (held.remove(lease.hubId(), lease) || !lease.released()) {
            if (lease.lose()) {
                LOG.infof("hub %s was taken over by a newer connection; closing its stale socket here", lease.hubId());
            }
        }
    }

    private void tellTaken(String previousNode, UUID hubId, long epoch) {
        try {
            bus.publish(takenSubject(previousNode), (hubId + " " + epoch).getBytes(StandardCharsets.UTF_8));
        } catch (ClusterException e) {
            // The previous owner finds out at its next renewal.
        }
    }

    /** Another node claimed one of our hubs: a lease of an older connection than that one is stale. */
    private void taken(String message) {
        int space = message.indexOf(' ');
        if (space < 0) {
            return;
        }
        UUID hubId;
        try {
            hubId = UUID.fromString(message.substring(0, space));
        } catch (IllegalArgumentException e) {
            return;
        }
        HubLease lease = held.get(hubId);
        if (lease != null && lease.epoch() > 0 && lease.epoch() < Long.parseLong(message.substring(space + 1))) {
            lost(lease);
        }
    }

    private String takenSubject(String nodeId) {
        return bus.subjects().node(nodeId) + ".hub-taken";
    }
}
