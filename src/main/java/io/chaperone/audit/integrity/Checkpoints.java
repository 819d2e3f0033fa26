package io.chaperone.audit.integrity;

import io.chaperone.audit.AuditConfig;
import io.chaperone.audit.AuditWriter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a signed checkpoint every {@code chaperone.audit.checkpoint-interval} when chains changed: the
 * stored heads of the chains changed since the previous one, their Merkle root, linked to the previous
 * checkpoint and signed with the {@link CheckpointKey}. One node signs at a time (ADR 0019): every node parks the
 * chains its writer changed in {@code audit_pending_chains}; the holder of the {@code audit_signer} lease signs
 * them all, whoever wrote them, and a node that finds the lease held by a live signer skips. The lease lapses
 * {@code checkpoint-signer-lease} after the signer's last round, so a dead signer is replaced; an advisory lock
 * still serialises the line. A failed checkpoint leaves the chains parked: the next one covers them.
 */
@ApplicationScoped
public class Checkpoints {

    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    /** pg_advisory_xact_lock key of the checkpoint line ("chkp"). */
    private static final long LOCK = 0x63686b70L;
    private static final java.time.Duration FINAL_CHECKPOINT_WAIT = java.time.Duration.ofSeconds(3);
    private static final String INSERT_KEY = "INSERT INTO audit_checkpoint_keys (key_id, public_key, created_at) "
            + "VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING";
    /** Any node: the chains its writer changed wait here for the signer (V107). */
    private static final String PARK = "INSERT INTO audit_pending_chains (chain_id) SELECT unnest($1::uuid[]) "
            + "ON CONFLICT (chain_id) DO NOTHING";
    /** Taken or renewed by the signer; taken over only once lapsed (database clock). */
    private static final String LEASE = "INSERT INTO audit_signer (id, node_id, lease_until) "
            + "VALUES (1, $1, now() + $2 * interval '1 millisecond') ON CONFLICT (id) DO UPDATE "
            + "SET node_id = EXCLUDED.node_id, lease_until = EXCLUDED.lease_until "
            + "WHERE audit_signer.node_id = EXCLUDED.node_id OR audit_signer.lease_until < now() RETURNING node_id";
    private static final String RELEASE_LEASE = "UPDATE audit_signer SET lease_until = now() - interval '1 millisecond' "
            + "WHERE node_id = $1";
    private static final String TAKE_PARKED = "DELETE FROM audit_pending_chains RETURNING chain_id";
    /** The stored head of each parked chain: checkpoints sign rows that are in the table, whoever wrote them. */
    private static final String HEADS = "SELECT DISTINCT ON (chain_id) chain_id, seq, hash FROM audit_events "
            + "WHERE chain_id = ANY($1::uuid[]) ORDER BY chain_id, seq DESC";
    private static final String INSERT = "INSERT INTO audit_checkpoints (id, created_at, prev_checkpoint_hash, "
            + "checkpoint_hash, merkle_root, heads, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)";

    @Inject
    AuditWriter writer;
    @Inject
    Pool pool;
    @Inject
    CheckpointKey key;
    @Inject
    Clock clock;
    @Inject
    AuditConfig config;
    @Inject
    Vertx vertx;

    private final AtomicBoolean running = new AtomicBoolean();
    @Inject
    io.chaperone.cluster.ClusterNode node;
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        long every = config.checkpointInterval().toMillis();
        if (every <= 0) {
            throw new IllegalStateException("chaperone.audit.checkpoint-interval must be positive");
        }
        timer = vertx.setPeriodic(every, every, id -> tick());
    }

    /**
     * After the writer drained (its observer runs first), one last checkpoint anchors the heads of the last
     * interval: otherwise a tail written just before a restart stays unanchored until its chain moves again.
     */
    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) ShutdownEvent event) {
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
        try {
            checkpointNow().await().atMost(FINAL_CHECKPOINT_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("No final audit checkpoint (code=audit.final_checkpoint_failed, type=%s)", e.getClass().getSimpleName());
        }
        releaseLease();
    }

    private void tick() {
        if (running.compareAndSet(false, true)) {
            checkpointNow().subscribe().with(c -> running.set(false), e -> running.set(false));
        }
    }

    /**
     * Parks the chains this node changed since the last call, then, if this node holds the signer lease, signs the
     * stored heads of every parked chain (any node's) into one checkpoint. Empty when this node is not the signer
     * or nothing was parked.
     */
    public Uni<Optional<Checkpoint>> checkpointNow() {
        List<ChainHead> changed = writer.takeChangedHeads();
        Uni<Void> parked = changed.isEmpty() ? Uni.createFrom().voidItem()
                : pool.preparedQuery(PARK).execute(Tuple.of(changed.stream().map(ChainHead::chainId).distinct()
                        .toArray(java.util.UUID[]::new)))
                .onFailure().invoke(e -> {
                    writer.restoreChangedHeads(changed);
                    LOG.warnf("Audit chains not parked for a checkpoint (code=audit.checkpoint_failed, chains=%d, type=%s); "
                            + "the next one covers them", changed.size(), e.getClass().getSimpleName());
                })
                .replaceWithVoid();
        return parked.chain(() -> pool.withTransaction(this::signIfSigner))
                .onFailure().invoke(e -> LOG.warnf("Audit checkpoint not written (code=audit.checkpoint_failed, type=%s); "
                        + "the parked chains wait for the next one", e.getClass().getSimpleName()));
    }

    /**
     * One transaction: the lease first (a node whose lease lapsed and was taken cannot sign), the line's lock, then
     * the parked chains are taken before their heads are read, so a chain parked meanwhile either waits for this
     * transaction and stays parked, or was parked before the read and its head is covered.
     */
    private Uni<Optional<Checkpoint>> signIfSigner(SqlConnection conn) {
        return conn.preparedQuery(LEASE).execute(Tuple.of(node.id(), config.checkpointSignerLease().toMillis()))
                .chain(lease -> lease.size() == 0 ? Uni.createFrom().item(Optional.<Checkpoint>empty())
                        : conn.query("SELECT pg_advisory_xact_lock(" + LOCK + ")").execute()
                        .chain(() -> conn.query(TAKE_PARKED).execute())
                        .chain(parkedRows -> {
                            if (parkedRows.size() == 0) {
                                return Uni.createFrom().item(Optional.<Checkpoint>empty());
                            }
                            List<java.util.UUID> ids = new ArrayList<>(parkedRows.size());
                            parkedRows.forEach(r -> ids.add(r.getUUID(0)));
                            return conn.preparedQuery(HEADS).execute(Tuple.of(ids.toArray(java.util.UUID[]::new)))
                                    .chain(headRows -> {
                                        List<ChainHead> heads = new ArrayList<>(headRows.size());
                                        headRows.forEach(r -> heads.add(new ChainHead(r.getUUID(0), r.getLong(1),
                                                r.getBuffer(2).getBytes())));
                                        if (heads.isEmpty()) {
                                            return Uni.createFrom().item(Optional.<Checkpoint>empty());
                                        }
                                        heads.sort(MerkleTree.ORDER);
                                        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                                        return write(conn, heads, MerkleTree.root(heads), createdAt).map(Optional::of);
                                    });
                        }));
    }

    /** Gives the lease up at shutdown, so that another node (or this one restarted) signs at its next round. */
    private void releaseLease() {
        try {
            pool.preparedQuery(RELEASE_LEASE).execute(Tuple.of(node.id())).await().atMost(FINAL_CHECKPOINT_WAIT);
        } catch (RuntimeException e) {
            LOG.debugf("checkpoint signer lease not released (it lapses): %s", e.getClass().getSimpleName());
        }
    }

    private Uni<Checkpoint> write(SqlConnection conn, List<ChainHead> heads, byte[] root, Instant createdAt) {
        return conn.preparedQuery(INSERT_KEY).execute(Tuple.of(key.keyId(),
                        Buffer.buffer(key.publicKeyRaw()), createdAt.atOffset(ZoneOffset.UTC)))
                .chain(() -> conn.query("SELECT checkpoint_hash FROM audit_checkpoints ORDER BY id DESC LIMIT 1").execute())
                .chain(last -> {
                    byte[] prev = last.size() == 0 ? ChainHash.genesis() : last.iterator().next().getBuffer(0).getBytes();
                    return conn.query("SELECT nextval(pg_get_serial_sequence('audit_checkpoints', 'id'))").execute()
                            .map(ids -> sign(ids.iterator().next().getLong(0), createdAt, prev, root, heads));
                })
                .chain(c -> conn.preparedQuery(INSERT).execute(Tuple.from(List.of(c.id(), c.createdAt().atOffset(ZoneOffset.UTC),
                        Buffer.buffer(c.prevCheckpointHash()), Buffer.buffer(c.checkpointHash()), Buffer.buffer(c.merkleRoot()),
                        headsJson(c.heads()), c.keyId(), Buffer.buffer(c.signature())))).replaceWith(c));
    }

    private Checkpoint sign(long id, Instant createdAt, byte[] prev, byte[] root, List<ChainHead> heads) {
        byte[] signed = Checkpoint.signedBytes(id, createdAt, prev, root);
        return new Checkpoint(id, createdAt, prev, ChainHash.sha256().digest(signed), root, List.copyOf(heads),
                key.keyId(), key.sign(signed));
    }

    static JsonArray headsJson(List<ChainHead> heads) {
        JsonArray array = new JsonArray();
        for (ChainHead h : heads) {
            array.add(new JsonObject().put("chainId", h.chainId().toString()).put("seq", h.seq())
                    .put("hash", ChainHash.hex(h.hash())));
        }
        return array;
    }

    static List<ChainHead> heads(JsonArray array) {
        List<ChainHead> heads = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonObject h = array.getJsonObject(i);
            heads.add(new ChainHead(java.util.UUID.fromString(h.getString("chainId")), h.getLong("seq"),
                    ChainHash.unhex(h.getString("hash"))));
        }
        return heads;
    }

    static Checkpoint fromRow(Row r) {
        return new Checkpoint(r.getLong("id"), r.getOffsetDateTime("created_at").toInstant(),
                r.getBuffer("prev_checkpoint_hash").getBytes(), r.getBuffer("checkpoint_hash").getBytes(),
                r.getBuffer("merkle_root").getBytes(), heads((JsonArray) r.getValue("heads")), r.getString("key_id"),
                r.getBuffer("signature").getBytes());
    }
}
