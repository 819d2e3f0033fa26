package io.chaperone.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Gets a batch's rows into the table, each exactly once, and tells the writer only of rows that are there
 * (docs/adr/0005-audit-claims-only-stored-rows.md).
 *
 * <p>The INSERT has no {@code ON CONFLICT} clause, so the statement is all or nothing: a row of a chain can
 * never land behind a sibling that did not (with {@code DO NOTHING} a later row landed, linked to a hash
 * never stored). When the table refuses the batch for a {@code (chain_id, seq)} already taken, one query
 * reads what is stored at the batch's keys:
 * <ul>
 *   <li>every row stored as sent, and an earlier attempt's outcome was unknown: that attempt committed and its
 *       answer was lost; the batch is done (on a first attempt identical rows are another writer's);</li>
 *   <li>otherwise nothing of the batch landed; each chain another writer continued (a second node, a restart
 *       within {@code chain-idle}, an operator's insert) is read again from its stored head, its rows of the
 *       batch get the next seqs and are linked again (their sealed details stay), and the batch is sent once
 *       more on the same connection, in one transaction that holds those chains' partition locks (ADR 0019), so
 *       no other writer can continue them in between. If that fails, the writer's ordinary retry sends it again.</li>
 * </ul>
 * The happy path costs nothing extra: one statement, no {@code RETURNING}. Touched only on the writer's loop.
 */
final class BatchInsert {

    private static final Logger LOG = Logger.getLogger(BatchInsert.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String PRIMARY_KEY = "audit_events_pkey";

    /**
     * Advisory-lock class of the chain partitions (ADR 0019): a chain's rows are inserted under a shared lock on its
     * partition, a re-sequencing under an exclusive one, so no writer can take a seq between another writer's
     * re-read of a chain's head and its insert after it. Partitions, not chains, bound the locks one statement holds.
     */
    static final int LOCK_CLASS = 0x61756474; // "audt"
    static final int PARTITIONS = 64;
    private static final String PARTITION = "(hashtextextended(c::text, 0) & " + (PARTITIONS - 1) + ")::int";

    static final String INSERT = "WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(" + LOCK_CLASS + ", p) "
            + "FROM (SELECT DISTINCT " + PARTITION + " AS p FROM unnest($1::uuid[]) c ORDER BY 1) s) "
            + "INSERT INTO audit_events "
            + "(chain_id, seq, home_id, at, actor, kind, device, op, outcome, correlation_id, detail, prev_hash, hash) "
            + "SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::timestamptz[], $5::text[], "
            + "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[], $13::bytea[]) "
            + "WHERE (SELECT count(*) FROM locked) >= 0";

    /** In the re-sequencing transaction, before the heads are read again: every partition of the batch, in order. */
    static final String LOCK_FOR_RESEQUENCE = "SELECT count(CASE WHEN x THEN pg_advisory_xact_lock(" + LOCK_CLASS + ", p)::text "
            + "ELSE pg_advisory_xact_lock_shared(" + LOCK_CLASS + ", p)::text END) "
            + "FROM (SELECT p, bool_or(m) AS x FROM (SELECT " + PARTITION + " AS p, c = ANY($2::uuid[]) AS m "
            + "FROM unnest($1::uuid[]) c) k GROUP BY p ORDER BY p) s";

    static final String STORED = "SELECT e.chain_id, e.seq, e.hash FROM audit_events e "
            + "JOIN unnest($1::uuid[], $2::bigint[]) AS k(chain_id, seq) ON e.chain_id = k.chain_id AND e.seq = k.seq";

    static final String PROBE = "SELECT 1";

    private record Key(UUID chainId, long seq) {
    }

    private final ChainSequences chains;
    private final Context loop;
    private final boolean integrity;

    BatchInsert(ChainSequences chains, Context loop, boolean integrity) {
        this.chains = chains;
        this.loop = loop;
        this.integrity = integrity;
    }

    /**
     * Completes once every row of {@code batch} is stored (an empty batch probes the database instead); fails
     * without touching the batch when {@code current} says the attempt was superseded meanwhile.
     */
    Future<AuditBatch> send(SqlConnection connection, AuditBatch batch, BooleanSupplier current) {
        if (batch.size() == 0) {
            return connection.query(PROBE).execute().map(rows -> batch);
        }
        return insert(connection, batch).recover(failure -> !taken(failure) ? Future.failedFuture(failure)
                : settle(connection, batch, current)
                        .compose(stored -> stored ? Future.succeededFuture(batch) : insert(connection, batch)));
    }

    private static Future<AuditBatch> insert(SqlConnection connection, AuditBatch batch) {
        return connection.preparedQuery(INSERT).execute(batch.parameters()).map(rows -> batch);
    }

    /** A row of the batch met one already stored at its (chain_id, seq). */
    static boolean taken(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && PRIMARY_KEY.equals(pg.getConstraint());
    }

    /** True once the batch is stored: as sent (a lost answer), or re-sequenced after the chains another writer continued. */
    private Future<Boolean> settle(SqlConnection connection, AuditBatch batch, BooleanSupplier current) {
        Future<Map<Key, byte[]>> stored = connection.preparedQuery(STORED).execute(batch.keys()).map(rows -> {
            Map<Key, byte[]> hashes = new HashMap<>();
            for (Row row : rows) {
                hashes.put(new Key(row.getUUID(0), row.getLong(1)), row.getBuffer(2).getBytes());
            }
            return hashes;
        });
        return BatchAssembly.onLoop(loop, stored).compose(hashes -> {
            if (!current.getAsBoolean()) {
                return Future.failedFuture(new IllegalStateException("superseded"));
            }
            Set<UUID> moved = new LinkedHashSet<>();
            int ours = 0;
            // Only an earlier attempt whose outcome was unknown can have stored this batch: on a first attempt a
            // row with the very hash we sent is another writer's identical record (same microsecond, same
            // content; the chain-wide ADR 0019 case), and claiming it would leave one row for two records.
            boolean mayBeOurs = batch.attempts > 0;
            for (PendingRecord p : batch.rows) {
                byte[] hash = hashes.get(new Key(p.record.chainId(), p.seq));
                if (hash != null && mayBeOurs && Arrays.equals(hash, p.hash)) {
                    ours++;
                } else if (hash != null) {
                    moved.add(p.record.chainId());
                }
            }
            if (moved.isEmpty()) {
                return Future.succeededFuture(ours == batch.size()); // else the taken row is gone again: resend
            }
            LOG.warnf("Audit chains continued by another writer (code=audit.seq_conflict, chains=%d, rows=%d); "
                    + "their records follow the stored heads", moved.size(), batch.size());
            return resequenceLocked(connection, batch, moved, current);
        });
    }

    /**
     * One transaction: the moved chains' partitions locked exclusively (the batch's others shared, all in one sorted
     * pass, so writers cannot deadlock), their heads read again, the rows re-sequenced and the batch inserted. No
     * other writer can take a seq of those chains in between, so a conflict costs one round, never a string of lost
     * races and back-offs (a second writer streaming to the same chain starved the other without it).
     */
    private Future<Boolean> resequenceLocked(SqlConnection connection, AuditBatch batch, Set<UUID> moved,
                                             BooleanSupplier current) {
        UUID[] all = batch.rows.stream().map(p -> p.record.chainId()).distinct().toArray(UUID[]::new);
        Tuple locks = Tuple.tuple().addArrayOfUUID(all).addArrayOfUUID(moved.toArray(UUID[]::new));
        return BatchAssembly.onLoop(loop, connection.begin()).compose(tx -> {
            Future<Boolean> stored = connection.preparedQuery(LOCK_FOR_RESEQUENCE).execute(locks)
                    .compose(locked -> BatchAssembly.onLoop(loop, chains.reload(connection, moved)))
                    .compose(v -> {
                        if (!current.getAsBoolean()) {
                            return Future.failedFuture(new IllegalStateException("superseded"));
                        }
                        batch.resequence(moved, chains, integrity);
                        return insert(connection, batch);
                    })
                    .compose(b -> tx.commit())
                    .map(v -> true);
            return BatchAssembly.onLoop(loop, stored.recover(e -> tx.rollback().transform(r -> Future.failedFuture(e))));
        });
    }
}
