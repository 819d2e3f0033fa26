package io.chaperone.audit;

import io.chaperone.privacy.AuditDetails;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads audit rows back for assertions (straight SQL, not through the writer). */
@ApplicationScoped
public class AuditRows {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;
    @Inject
    AuditDetails details;

    public record Stored(long seq, String kind, Instant at, String actor, String device, String op, String outcome,
                         String correlationId, String detail, UUID homeId) {
    }

    /** The rows of a chain, details decrypted as their reader would see them (docs/privacy.md). */
    public List<Stored> of(UUID chainId) {
        List<Stored> sealed = sealed(chainId);
        List<AuditDetails.Opened> opened = details.open(sealed.stream()
                .map(s -> new AuditDetails.Stored(chainId, s.kind(), s.detail())).toList()).await().atMost(WAIT);
        List<Stored> rows = new ArrayList<>(sealed.size());
        for (int i = 0; i < sealed.size(); i++) {
            Stored s = sealed.get(i);
            rows.add(new Stored(s.seq(), s.kind(), s.at(), s.actor(), s.device(), s.op(), s.outcome(), s.correlationId(),
                    opened.get(i).json(), s.homeId()));
        }
        return rows;
    }

    /** The rows of a chain as stored (details encrypted). */
    public List<Stored> sealed(UUID chainId) {
        List<Stored> rows = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT seq, kind, at, actor, device, op, outcome, correlation_id, detail, "
                + "home_id FROM audit_events WHERE chain_id = $1 ORDER BY seq").execute(Tuple.of(chainId))
                .await().atMost(WAIT)) {
            rows.add(new Stored(r.getLong(0), r.getString(1), r.getOffsetDateTime(2).toInstant(), r.getString(3),
                    r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getUUID(9)));
        }
        return rows;
    }

    public List<Long> seqs(UUID chainId) {
        return of(chainId).stream().map(Stored::seq).toList();
    }

    public List<String> correlationIds(UUID chainId) {
        return of(chainId).stream().map(Stored::correlationId).toList();
    }

    public long count(UUID chainId) {
        return pool.preparedQuery("SELECT count(*) FROM audit_events WHERE chain_id = $1").execute(Tuple.of(chainId))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    /**
     * Rows written behind the writer's back, as a previous node would have left them: chained to the row
     * before by the migration's SQL form of the hash (audit_record_hash, V60).
     */
    public void insertDirectly(UUID chainId, UUID homeId, long seq) {
        pool.preparedQuery("INSERT INTO audit_events (chain_id, seq, home_id, at, actor, kind, prev_hash, hash) "
                        + "SELECT $1, $2, $3, t.at, 'system', 'session.requested', p.prev, "
                        + "audit_record_hash(p.prev, $1, $2, t.at, 'system', 'session.requested', null, null, null, null, null) "
                        + "FROM (SELECT date_trunc('milliseconds', now()) AS at) t, (SELECT coalesce((SELECT hash FROM audit_events "
                        + "WHERE chain_id = $1 AND seq = $2 - 1), decode(repeat('00', 32), 'hex')) AS prev) p")
                .execute(Tuple.of(chainId, seq, homeId)).await().atMost(WAIT);
    }
}
