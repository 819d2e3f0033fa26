package io.chaperone.audit;

import io.chaperone.audit.integrity.ChainHash;
import io.chaperone.audit.integrity.StoredRecord;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One group commit: the rows of a batch as one {@code INSERT ... SELECT * FROM unnest(...)} (one
 * statement, one round trip, one COMMIT in autocommit mode).
 *
 * <p>{@code ON CONFLICT DO NOTHING} makes a retry idempotent: a batch is retried with the same rows and
 * seqs when its outcome is unknown (e.g. the connection broke after the COMMIT was sent). If the first
 * attempt did commit, every row of the retry conflicts on (chain_id, seq) and nothing is written twice;
 * if it did not, the retry writes them all. No other writer assigns seqs for a chain this node owns, so a
 * conflict on a first attempt means a foreign writer, which the writer logs as {@code audit.seq_conflict}.
 */
final class AuditBatch {

    static final String INSERT = "INSERT INTO audit_events "
            + "(chain_id, seq, home_id, at, actor, kind, device, op, outcome, correlation_id, detail, prev_hash, hash) "
            + "SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::timestamptz[], $5::text[], "
            + "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[], $13::bytea[]) "
            + "ON CONFLICT (chain_id, seq) DO NOTHING";

    static final String PROBE = "SELECT 1";

    final List<PendingRecord> rows;
    /** Failed attempts so far; the rows are retried as they are. */
    int attempts;
    /** Rows the committing attempt inserted (fewer only when an earlier attempt had committed them). */
    int inserted;
    /** Set once: the rows' stored form and hashes; retries send the same. [integrity] */
    boolean chained;

    AuditBatch(List<PendingRecord> rows) {
        this.rows = rows;
    }

    int size() { return rows.size(); }

    List<AuditRecord> records() {
        return rows.stream().map(p -> p.record).toList();
    }

    /**
     * [integrity] Fixes each row's stored form (with the sealed detail) and links it into its chain, in seq
     * order. Runs once per batch, on the writer's loop, before the first attempt to send it.
     */
    void chain(List<String> storedDetails, ChainSequences chains) {
        if (storedDetails.size() != rows.size()) {
            throw new IllegalStateException("the AuditSealer answered " + storedDetails.size() + " details for "
                    + rows.size() + " records");
        }
        java.security.MessageDigest sha = ChainHash.sha256();
        for (int i = 0; i < rows.size(); i++) {
            PendingRecord p = rows.get(i);
            AuditRecord r = p.record;
            p.stored = new StoredRecord(r.chainId(), p.seq, r.at().toEpochMilli(), text(r.actor()), r.kind().wireName(),
                    text(r.device()), text(r.op()), text(r.outcome()), text(r.correlationId()), text(storedDetails.get(i)));
            p.prevHash = chains.lastHash(r.chainId());
            p.hash = ChainHash.of(sha, p.prevHash, p.stored);
            chains.linked(r.chainId(), p.hash);
        }
        chained = true;
    }

    /** Benchmark only (integrity switched off): details as given, constant zero hashes, no chain. */
    void unchained() {
        byte[] zero = ChainHash.genesis();
        for (PendingRecord p : rows) {
            AuditRecord r = p.record;
            p.stored = new StoredRecord(r.chainId(), p.seq, r.at().toEpochMilli(), text(r.actor()), r.kind().wireName(),
                    text(r.device()), text(r.op()), text(r.outcome()), text(r.correlationId()), text(r.detail()));
            p.prevHash = zero;
            p.hash = zero;
        }
        chained = true;
    }

    Tuple parameters() {
        int n = rows.size();
        var chain = new java.util.UUID[n];
        var seq = new Long[n];
        var home = new java.util.UUID[n];
        var at = new OffsetDateTime[n];
        var actor = new String[n];
        var kind = new String[n];
        var device = new String[n];
        var op = new String[n];
        var outcome = new String[n];
        var correlation = new String[n];
        var detail = new String[n];
        var prevHash = new io.vertx.core.buffer.Buffer[n];
        var hash = new io.vertx.core.buffer.Buffer[n];
        for (int i = 0; i < n; i++) {
            PendingRecord p = rows.get(i);
            AuditRecord r = p.record;
            StoredRecord s = p.stored;
            chain[i] = r.chainId();
            seq[i] = p.seq;
            home[i] = r.homeId();
            at[i] = r.at().atOffset(ZoneOffset.UTC);
            actor[i] = s.actor();
            kind[i] = s.kind();
            device[i] = s.device();
            op[i] = s.op();
            outcome[i] = s.outcome();
            correlation[i] = s.correlationId();
            detail[i] = s.detail();
            prevHash[i] = io.vertx.core.buffer.Buffer.buffer(p.prevHash);
            hash[i] = io.vertx.core.buffer.Buffer.buffer(p.hash);
        }
        return Tuple.tuple().addArrayOfUUID(chain).addArrayOfLong(seq).addArrayOfUUID(home)
                .addArrayOfOffsetDateTime(at).addArrayOfString(actor).addArrayOfString(kind)
                .addArrayOfString(device).addArrayOfString(op).addArrayOfString(outcome)
                .addArrayOfString(correlation).addArrayOfString(detail)
                .addArrayOfBuffer(prevHash).addArrayOfBuffer(hash);
    }

    /**
     * PostgreSQL text cannot hold U+0000; one such character from a hub would make the batch fail
     * forever and block every chain behind it, so it is stored as U+FFFD instead.
     */
    static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }
}
