package io.chaperone.privacy;

import io.chaperone.consent.SessionChanged;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.RedactionTally;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's redaction ledgers of live sessions: one {@link RedactionTally} per session (the same one when the
 * technician reconnects), counted on the frame path without I/O, and added to {@code redaction_ledger} by a periodic
 * flush and once more when the session ends. Reads merge the stored rows with what is not flushed yet.
 */
@ApplicationScoped
public class RedactionLedger {

    private static final Logger LOG = Logger.getLogger(RedactionLedger.class);
    private static final String ADD = "INSERT INTO redaction_ledger (session_id, data_class, place, rule, count, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (session_id, data_class, place, rule)"
            + " DO UPDATE SET count = redaction_ledger.count + EXCLUDED.count, updated_at = EXCLUDED.updated_at";

    @Inject
    Pool pool;
    @Inject
    Clock clock;

    private final Map<UUID, RedactionTally> live = new ConcurrentHashMap<>();

    /** The session's tally on this node, created at its first admission. */
    public RedactionTally tallyFor(UUID sessionId) {
        return live.computeIfAbsent(sessionId, id -> new RedactionTally());
    }

    @Scheduled(every = "${chaperone.redaction.ledger-flush:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return flushAll();
    }

    /** Adds every live tally's increments to the table. */
    public Uni<Void> flushAll() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<UUID, RedactionTally> entry : live.entrySet()) {
            chain = chain.chain(() -> flush(entry.getKey(), entry.getValue()));
        }
        return chain;
    }

    void ended(@Observes SessionChanged change) {
        if (change.to() != null && change.to().terminal()) {
            RedactionTally tally = live.remove(change.sessionId());
            if (tally != null) {
                flush(change.sessionId(), tally).subscribe().with(v -> { },
                        e -> LOG.warnf("Redaction ledger not flushed (code=privacy.ledger_flush_failed): %s",
                                e.getClass().getSimpleName()));
            }
        }
    }

    private Uni<Void> flush(UUID sessionId, RedactionTally tally) {
        List<RedactionTally.Entry> increments = tally.drain();
        if (increments.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(increments.size());
        for (RedactionTally.Entry e : increments) {
            rows.add(Tuple.from(new Object[] {sessionId, e.dataClass().wireName(), e.place().wireName(), e.rule().wireName(),
                    e.count(), clock.instant().atOffset(ZoneOffset.UTC)}));
        }
        // Not restored on failure: a lost increment under-counts the ledger; it never shows a value.
        return pool.preparedQuery(ADD).executeBatch(rows).replaceWithVoid();
    }

    /** The ledger entries of a session: stored counts plus this node's increments not flushed yet. */
    public Uni<List<RedactionTally.Entry>> entries(UUID sessionId) {
        return flush(sessionId, live.getOrDefault(sessionId, new RedactionTally()))
                .chain(() -> pool.preparedQuery("SELECT data_class, place, rule, count FROM redaction_ledger"
                        + " WHERE session_id = $1 ORDER BY data_class, place, rule").execute(Tuple.of(sessionId)))
                .map(rows -> {
                    List<RedactionTally.Entry> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new RedactionTally.Entry(
                            DataClass.fromWire(r.getString(0)).orElseThrow(),
                            place(r.getString(1)), rule(r.getString(2)), r.getLong(3))));
                    return out;
                });
    }

    private static RedactionTally.Place place(String wire) {
        for (RedactionTally.Place p : RedactionTally.Place.values()) {
            if (p.wireName().equals(wire)) {
                return p;
            }
        }
        throw new IllegalStateException("unknown place");
    }

    private static RedactionTally.Rule rule(String wire) {
        for (RedactionTally.Rule r : RedactionTally.Rule.values()) {
            if (r.wireName().equals(wire)) {
                return r;
            }
        }
        throw new IllegalStateException("unknown rule");
    }
}
