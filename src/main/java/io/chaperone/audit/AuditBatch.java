package io.chaperone.audit;

import io.chaperone.audit.integrity.ChainHash;
import io.chaperone.audit.integrity.StoredRecord;
import io.vertx.sqlclient.Tuple;

import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One group commit: the rows of a batch as one {@code INSERT ... SELECT * FROM unnest(...)} (one
 * statement, one round trip, one COMMIT in autocommit mode), sent by {@link BatchInsert}.
 *
 * <p>A batch whose outcome is unknown (e.g. the connection broke after the COMMIT was sent) is retried with
 * the same rows, seqs and hashes; only a chain another writer continued meanwhile gets new seqs and hashes
 * ({@link #resequence}), and a C1 caller is told a seq only once its row is stored.
 */
final class AuditBatch {

    final List<PendingRecord> rows;
    /** Failed attempts so far; the rows are retried as they are. */
    int attempts;
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
        MessageDigest sha = ChainHash.sha256();
        for (int i = 0; i < rows.size(); i++) {
            link(rows.get(i), text(storedDetails.get(i)), chains, sha);
        }
        chained = true;
    }

    /**
     * [integrity] The rows of chains another writer continued (their heads reloaded into {@code chains}) take
     * the next seqs after the stored heads and are linked again, in batch order; their sealed details stay.
     */
    void resequence(Set<UUID> moved, ChainSequences chains, boolean integrity) {
        MessageDigest sha = ChainHash.sha256();
        long now = System.nanoTime();
        for (PendingRecord p : rows) {
            if (!moved.contains(p.record.chainId())) {
                continue;
            }
            p.seq = chains.assign(p.record.chainId(), now);
            if (integrity) {
                link(p, p.stored.detail(), chains, sha);
            } else {
                p.stored = stored(p, p.stored.detail());
            }
        }
    }

    private static void link(PendingRecord p, String storedDetail, ChainSequences chains, MessageDigest sha) {
        UUID chainId = p.record.chainId();
        p.stored = stored(p, storedDetail);
        p.prevHash = chains.lastHash(chainId);
        p.hash = ChainHash.of(sha, p.prevHash, p.stored);
        chains.linked(chainId, p.hash);
    }

    private static StoredRecord stored(PendingRecord p, String storedDetail) {
        AuditRecord r = p.record;
        return new StoredRecord(r.chainId(), p.seq, r.at().toEpochMilli(), text(r.actor()), r.kind().wireName(),
                text(r.device()), text(r.op()), text(r.outcome()), text(r.correlationId()), storedDetail);
    }

    /** Benchmark only (integrity switched off): details as given, constant zero hashes, no chain. */
    void unchained() {
        byte[] zero = ChainHash.genesis();
        for (PendingRecord p : rows) {
            p.stored = stored(p, text(p.record.detail()));
            p.prevHash = zero;
            p.hash = zero;
        }
        chained = true;
    }

    /** The batch's keys, for reading what the table holds at them (see BatchInsert). */
    Tuple keys() {
        var chain = new UUID[rows.size()];
        var seq = new Long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            chain[i] = rows.get(i).record.chainId();
            seq[i] = rows.get(i).seq;
        }
        return Tuple.tuple().addArrayOfUUID(chain).addArrayOfLong(seq);
    }

    Tuple parameters() {
        int n = rows.size();
        var chain = new UUID[n];
        var seq = new Long[n];
        var home = new UUID[n];
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
