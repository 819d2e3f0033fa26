package io.chaperone.audit.integrity;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads a chain, the checkpoints covering it and the checkpoint keys, and verifies them. */
@ApplicationScoped
public class AuditChains {

    private static final String ROWS = "SELECT seq, at, actor, kind, device, op, outcome, correlation_id, detail, "
            + "prev_hash, hash FROM audit_events WHERE chain_id = $1 ORDER BY seq";
    private static final String COVERING = "SELECT id, created_at, prev_checkpoint_hash, checkpoint_hash, merkle_root, "
            + "heads, key_id, signature FROM audit_checkpoints WHERE heads @> $1::jsonb ORDER BY id";
    /** Checkpoints after {@code $2} anchoring any of the chains {@code $1}, a page of {@code $3}, by id. */
    private static final String COVERING_ANY = "SELECT id, created_at, prev_checkpoint_hash, checkpoint_hash, merkle_root, "
            + "heads, key_id, signature FROM audit_checkpoints c WHERE c.id > $2 AND EXISTS (SELECT 1 FROM "
            + "jsonb_array_elements(c.heads) h WHERE h->>'chainId' = ANY($1)) ORDER BY c.id LIMIT $3";
    private static final String KEYS = "SELECT key_id, public_key FROM audit_checkpoint_keys";

    @Inject
    Pool pool;
    @Inject
    CheckpointKey currentKey;

    public Uni<Verification> verify(UUID chainId) {
        return rows(chainId).chain(rows -> covering(chainId).chain(checkpoints -> keys().map(keys ->
                ChainVerifier.verify(chainId, rows, checkpoints, keys))));
    }

    /** The newest checkpoint that records this chain's head, if any. */
    public Uni<Optional<Checkpoint>> latestCovering(UUID chainId) {
        return covering(chainId).map(all -> all.isEmpty() ? Optional.empty() : Optional.of(all.getLast()));
    }

    public Uni<List<ChainRow>> rows(UUID chainId) {
        return pool.preparedQuery(ROWS).execute(Tuple.of(chainId)).map(result -> {
            List<ChainRow> rows = new ArrayList<>(result.size());
            for (Row r : result) {
                StoredRecord record = new StoredRecord(chainId, r.getLong(0), r.getOffsetDateTime(1).toInstant().toEpochMilli(),
                        r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                        r.getString(8));
                rows.add(new ChainRow(record, r.getBuffer(9).getBytes(), r.getBuffer(10).getBytes()));
            }
            return rows;
        });
    }

    public Uni<List<Checkpoint>> covering(UUID chainId) {
        JsonArray probe = new JsonArray().add(new JsonObject().put("chainId", chainId.toString()));
        return pool.preparedQuery(COVERING).execute(Tuple.of(probe))
                .map(result -> {
                    List<Checkpoint> list = new ArrayList<>(result.size());
                    result.forEach(r -> list.add(Checkpoints.fromRow(r)));
                    return list;
                });
    }

    /**
     * A page of the checkpoints that anchor any of {@code chainIds}, each cut down to the proofs of those chains
     * ({@link CheckpointProof}): what an export of these chains may carry.
     */
    public Uni<List<CheckpointProof>> proofs(Collection<UUID> chainIds, long afterId, int limit) {
        String[] ids = chainIds.stream().map(UUID::toString).toArray(String[]::new);
        return pool.preparedQuery(COVERING_ANY).execute(Tuple.of(ids, afterId, limit)).map(result -> {
            List<CheckpointProof> page = new ArrayList<>(result.size());
            result.forEach(r -> page.add(CheckpointProof.of(Checkpoints.fromRow(r), chainIds)));
            return page;
        });
    }

    /** Every checkpoint public key ever used, by key id (the JWKS learns the old ones from here too). */
    public Uni<Map<String, PublicKey>> keys() {
        return pool.query(KEYS).execute().map(result -> {
            Map<String, byte[]> raw = new HashMap<>();
            // A key id is the key's thumbprint: a row that claims another key's id is ignored. Whoever can
            // write the table can still add a key of their own: verifiers pin keys from the JWKS (docs/audit.md).
            result.forEach(r -> {
                byte[] key = r.getBuffer(1).getBytes();
                if (Ed25519Keys.thumbprint(key).equals(r.getString(0))) {
                    raw.put(r.getString(0), key);
                }
            });
            currentKey.remember(raw);
            Map<String, PublicKey> keys = new HashMap<>();
            raw.forEach((kid, bytes) -> keys.put(kid, Ed25519Keys.publicKey(bytes)));
            return keys;
        });
    }
}
