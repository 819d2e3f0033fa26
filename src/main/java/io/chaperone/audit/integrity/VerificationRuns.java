package io.chaperone.audit.integrity;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The ops verification run (docs/audit.md "Verification runs (ops)"): the verifier of {@code /audit/verify} over
 * every chain anchored by the newest checkpoints, one after the other, with the result stored so any node shows the
 * last one. Bounded: at most {@link #MAX_CHAINS} chains from the newest {@link #CHECKPOINTS} checkpoints.
 */
@ApplicationScoped
public class VerificationRuns {

    static final int CHECKPOINTS = 50;
    static final int MAX_CHAINS = 200;
    /** A run stores at most this many broken chains (the count of chains checked says how many were looked at). */
    static final int MAX_BROKEN = 20;
    /** At most this many runs in one list. */
    static final int MAX_LISTED = 50;

    /** The chains of the newest checkpoints, those anchored most recently first. */
    private static final String RECENT_CHAINS = "SELECT (h->>'chainId')::uuid AS chain, max(c.id) AS newest FROM "
            + "(SELECT id, heads FROM audit_checkpoints ORDER BY id DESC LIMIT " + CHECKPOINTS + ") c, "
            + "jsonb_array_elements(c.heads) h GROUP BY 1 ORDER BY newest DESC, chain LIMIT " + MAX_CHAINS;
    private static final String INSERT = "INSERT INTO audit_verification_runs (started_at, finished_at, requested_by, "
            + "chains, records, valid, broken) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    private static final String RECENT = "SELECT id, started_at, finished_at, requested_by, chains, records, valid, "
            + "broken FROM audit_verification_runs ORDER BY id DESC LIMIT $1";

    /** One stored run. */
    public record Run(long id, Instant startedAt, Instant finishedAt, String requestedBy, int chains, long records,
                      boolean valid, List<BrokenChain> broken) {
    }

    /** A chain that failed: where and why (the stable {@link BreakReason} wire name). */
    public record BrokenChain(UUID chainId, long firstBrokenSeq, String reason) {
    }

    @Inject
    Pool pool;
    @Inject
    AuditChains chains;
    @Inject
    Clock clock;

    public Uni<Run> run(String requestedBy) {
        Instant started = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return pool.query(RECENT_CHAINS).execute()
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID(0)));
                    return ids;
                })
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(chains::verify)
                .collect().asList()
                .chain(results -> store(started, requestedBy, results));
    }

    /** The newest {@code limit} runs, newest first. */
    public Uni<List<Run>> recent(int limit) {
        return pool.preparedQuery(RECENT).execute(Tuple.of(limit)).map(rows -> {
            List<Run> list = new ArrayList<>(rows.size());
            rows.forEach(row -> list.add(of(row)));
            return list;
        });
    }

    private Uni<Run> store(Instant started, String requestedBy, List<Verification> results) {
        Instant finished = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long records = results.stream().mapToLong(Verification::records).sum();
        List<BrokenChain> broken = results.stream().filter(v -> !v.valid()).limit(MAX_BROKEN)
                .map(v -> new BrokenChain(v.chainId(), v.broken().orElseThrow().firstBrokenSeq(),
                        v.broken().orElseThrow().reason().wireName()))
                .toList();
        boolean valid = results.stream().allMatch(Verification::valid);
        JsonArray stored = new JsonArray();
        broken.forEach(b -> stored.add(new JsonObject().put("chainId", b.chainId().toString())
                .put("firstBrokenSeq", b.firstBrokenSeq()).put("reason", b.reason())));
        Tuple params = Tuple.tuple(List.of(utc(started), utc(finished), requestedBy, results.size(), records, valid,
                stored));
        return pool.preparedQuery(INSERT).execute(params).map(rows -> new Run(rows.iterator().next().getLong(0),
                started, finished, requestedBy, results.size(), records, valid, broken));
    }

    private static Run of(Row row) {
        List<BrokenChain> broken = new ArrayList<>();
        row.getJsonArray(7).forEach(o -> {
            JsonObject b = (JsonObject) o;
            broken.add(new BrokenChain(UUID.fromString(b.getString("chainId")), b.getLong("firstBrokenSeq"),
                    b.getString("reason")));
        });
        return new Run(row.getLong(0), row.getOffsetDateTime(1).toInstant(), row.getOffsetDateTime(2).toInstant(),
                row.getString(3), row.getInteger(4), row.getLong(5), row.getBoolean(6), broken);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
