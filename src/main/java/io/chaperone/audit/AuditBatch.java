package io.chaperone.audit;

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
            + "(chain_id, seq, home_id, at, actor, kind, device, op, outcome, correlation_id, detail) "
            + "SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::timestamptz[], $5::text[], "
            + "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) "
            + "ON CONFLICT (chain_id, seq) DO NOTHING";

    static final String PROBE = "SELECT 1";

    final List<PendingRecord> rows;
    /** Failed attempts so far; the rows are retried as they are. */
    int attempts;
    /** Rows the committing attempt inserted (fewer only when an earlier attempt had committed them). */
    int inserted;
    /** The stored detail of each row, set once by the {@link AuditSealer}; a retry sends the same texts. */
    List<String> sealed;

    AuditBatch(List<PendingRecord> rows) {
        this.rows = rows;
    }

    int size() { return rows.size(); }

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
        for (int i = 0; i < n; i++) {
            PendingRecord p = rows.get(i);
            AuditRecord r = p.record;
            chain[i] = r.chainId();
            seq[i] = p.seq;
            home[i] = r.homeId();
            at[i] = r.at().atOffset(ZoneOffset.UTC);
            actor[i] = text(r.actor());
            kind[i] = r.kind().wireName();
            device[i] = text(r.device());
            op[i] = text(r.op());
            outcome[i] = text(r.outcome());
            correlation[i] = text(r.correlationId());
            detail[i] = text(sealed == null ? r.detail() : sealed.get(i));
        }
        return Tuple.tuple().addArrayOfUUID(chain).addArrayOfLong(seq).addArrayOfUUID(home)
                .addArrayOfOffsetDateTime(at).addArrayOfString(actor).addArrayOfString(kind)
                .addArrayOfString(device).addArrayOfString(op).addArrayOfString(outcome)
                .addArrayOfString(correlation).addArrayOfString(detail);
    }

    /**
     * PostgreSQL text cannot hold U+0000; one such character from a hub would make the batch fail
     * forever and block every chain behind it, so it is stored as U+FFFD instead.
     */
    static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }
}
