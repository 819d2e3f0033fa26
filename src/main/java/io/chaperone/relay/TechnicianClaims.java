package io.chaperone.relay;

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

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One technician connection per session across every node (ADR 0019). The upgrade claims the session in
 * {@code technician_claims} before the 101: one atomic INSERT that succeeds when no claim exists or the one
 * there has lapsed (by the database's clock, so node clocks need not agree). The node renews all its claims
 * with one statement every {@code renew-every}; a claim that renewal no longer finds was taken over after it
 * lapsed (a node cut off from the database longer than the lease), and its socket is closed as superseded.
 * Closing the socket releases the claim; a node that dies leaves its claims to lapse after {@code lease}.
 * Never on the per-frame path.
 */
@ApplicationScoped
public class TechnicianClaims {

    private static final Logger LOG = Logger.getLogger(TechnicianClaims.class);

    private static final String CLAIM = """
            INSERT INTO technician_claims (session_id, claim_id, node_id, lease_until)
            VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
            ON CONFLICT (session_id) DO UPDATE
               SET claim_id = EXCLUDED.claim_id, node_id = EXCLUDED.node_id, lease_until = EXCLUDED.lease_until
             WHERE technician_claims.lease_until < now()
            RETURNING claim_id""";
    private static final String RENEW = "UPDATE technician_claims SET lease_until = now() + $2 * interval '1 millisecond' "
            + "WHERE claim_id = ANY($1::uuid[]) RETURNING claim_id";
    private static final String RELEASE = "DELETE FROM technician_claims WHERE session_id = $1 AND claim_id = $2";

    /** A session this node holds the claim of. */
    public record Claim(UUID sessionId, UUID claimId) {
    }

    @Inject
    Pool pool;
    @Inject
    ClaimsConfig config;
    @Inject
    Vertx vertx;
    @Inject
    LiveRegistry registry;
    @Inject
    SessionControl control;
    @Inject
    io.chaperone.cluster.ClusterConfig cluster;
    @Inject
    io.chaperone.cluster.ClusterNode node;

    private String nodeId;
    /** Claims this node holds, by claim id. */
    private final Map<UUID, Claim> held = new ConcurrentHashMap<>();
    private final AtomicBoolean renewing = new AtomicBoolean();

    void start(@Observes StartupEvent event) {
        config.validate();
        nodeId = node.id();
        // Claims a previous run left are of sockets that died with it: a single node's are all its own, a cluster
        // node's are those under its id (a restart under the same id); other nodes' lapse by their leases.
        try {
            (cluster.enabled() ? pool.preparedQuery("DELETE FROM technician_claims WHERE node_id = $1").execute(Tuple.of(nodeId))
                    : pool.query("DELETE FROM technician_claims").execute()).await().atMost(java.time.Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            // not fatal: the previous run's claims lapse after their lease
            LOG.warnf("technician claims of a previous run not cleared (code=claims.clear_failed): %s", e.getClass().getSimpleName());
        }
        vertx.setPeriodic(config.renewEvery().toMillis(), id -> renew());
    }

    /** Claims {@code sessionId} for a new connection of this node; empty when another connection holds it. */
    public Uni<Optional<Claim>> claim(UUID sessionId) {
        UUID claimId = UUID.randomUUID();
        Claim claim = new Claim(sessionId, claimId);
        // Held only once stored: a renewal racing the INSERT must not take it for lost (it starts a full lease).
        return pool.preparedQuery(CLAIM).execute(Tuple.of(sessionId, claimId, nodeId, config.lease().toMillis()))
                .map(rows -> {
                    if (rows.size() != 1) {
                        return Optional.<Claim>empty();
                    }
                    held.put(claimId, claim);
                    return Optional.of(claim);
                });
    }

    /** Releases a claim in the background (idempotent); a failure leaves it to lapse. */
    public void release(Claim claim) {
        released(claim).subscribe().with(v -> { });
    }

    /** Releases a claim (idempotent); completes once the row is gone, or (failure) left to lapse. */
    public Uni<Void> released(Claim claim) {
        if (claim == null || held.remove(claim.claimId()) == null) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(RELEASE).execute(Tuple.of(claim.sessionId(), claim.claimId())).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("technician claim not released (it lapses): %s", e.getClass().getSimpleName());
                    return null;
                });
    }

    /** Claims held by this node (for tests and metrics). */
    public int heldCount() {
        return held.size();
    }

    /** Renews every claim of this node in one statement; closes the sockets whose claim another node took over. */
    void renew() {
        if (held.isEmpty() || !renewing.compareAndSet(false, true)) {
            return;
        }
        Set<UUID> asked = new HashSet<>(held.keySet());
        pool.preparedQuery(RENEW).execute(Tuple.of(asked.toArray(UUID[]::new), config.lease().toMillis()))
                .subscribe().with(rows -> {
                    renewing.set(false);
                    for (Row row : rows) {
                        asked.remove(row.getUUID(0));
                    }
                    asked.forEach(this::lost);
                }, e -> {
                    renewing.set(false);
                    LOG.warnf("technician claims not renewed (code=claims.renew_failed, held=%d): %s", held.size(),
                            e.getClass().getSimpleName());
                });
    }

    /** A claim renewal did not find: released meanwhile, or lapsed and taken by a newer connection elsewhere. */
    private void lost(UUID claimId) {
        Claim claim = held.remove(claimId);
        if (claim == null) {
            return; // released while the renewal ran
        }
        LiveSession live = registry.session(claim.sessionId());
        if (live != null && claim.equals(live.technician().connection().userData().get(RelayKeys.CLAIM))) {
            LOG.warnf("technician claim lapsed and was taken over (code=claims.lost); closing the local connection");
            control.shutAndClose(live, io.chaperone.protocol.CloseCodes.SUPERSEDED_REASON);
        }
    }
}
