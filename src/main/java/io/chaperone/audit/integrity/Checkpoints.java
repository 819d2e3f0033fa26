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
 * heads the writer committed since the previous one, their Merkle root, linked to the previous checkpoint
 * and signed with the {@link CheckpointKey}. An advisory lock serialises checkpoints of several nodes, so
 * the links form one line. A failed checkpoint gives its heads back: the next one covers them.
 */
@ApplicationScoped
public class Checkpoints {

    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    /** pg_advisory_xact_lock key of the checkpoint line ("chkp"). */
    private static final long LOCK = 0x63686b70L;
    private static final java.time.Duration FINAL_CHECKPOINT_WAIT = java.time.Duration.ofSeconds(3);
    private static final String INSERT_KEY = "INSERT INTO audit_checkpoint_keys (key_id, public_key, created_at) "
            + "VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING";
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
    }

    private void tick() {
        if (running.compareAndSet(false, true)) {
            checkpointNow().subscribe().with(c -> running.set(false), e -> running.set(false));
        }
    }

    /** Signs the heads changed since the last checkpoint; empty when nothing changed. */
    public Uni<Optional<Checkpoint>> checkpointNow() {
        List<ChainHead> heads = new ArrayList<>(writer.takeChangedHeads());
        if (heads.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        heads.sort(MerkleTree.ORDER);
        byte[] root = MerkleTree.root(heads);
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return pool.withTransaction(conn -> write(conn, heads, root, createdAt))
                .map(Optional::of)
                .onFailure().invoke(e -> {
                    writer.restoreChangedHeads(heads);
                    LOG.warnf("Audit checkpoint not written (code=audit.checkpoint_failed, chains=%d, type=%s); the next one covers them",
                            heads.size(), e.getClass().getSimpleName());
                });
    }

    private Uni<Checkpoint> write(SqlConnection conn, List<ChainHead> heads, byte[] root, Instant createdAt) {
        return conn.query("SELECT pg_advisory_xact_lock(" + LOCK + ")").execute()
                .chain(() -> conn.preparedQuery(INSERT_KEY).execute(Tuple.of(key.keyId(),
                        Buffer.buffer(key.publicKeyRaw()), createdAt.atOffset(ZoneOffset.UTC))))
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
