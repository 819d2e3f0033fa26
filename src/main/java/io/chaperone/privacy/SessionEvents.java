package io.chaperone.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one public read API over a session's audit chain for other features (report, change): the rows in {@code seq}
 * order with their details opened (erased and unreadable details say so). The SQL lives here, beside the other
 * audit reads of privacy, so no feature package queries {@code audit_events} itself. Callers have already checked
 * that their actor may see the session.
 */
@ApplicationScoped
public class SessionEvents {

    /** A bound on one session's rows a report reads (far above what a session holds under its rate limits). */
    public static final int MAX_ROWS = 20_000;

    @Inject
    Pool pool;
    @Inject
    AuditDetails details;

    /** One audit event of a session with its opened detail (null when none). */
    public record Event(long seq, java.time.Instant at, String actor, String kind, String device, String op,
                        String outcome, String correlationId, JsonNode detail) {
    }

    /** The correlation id of the session's newest row of {@code kind}, null when there is none. */
    public Uni<String> latestCorrelation(UUID sessionId, UUID homeId, String kind) {
        return pool.preparedQuery("SELECT correlation_id FROM audit_events WHERE chain_id = $1 AND home_id = $2 AND kind = $3"
                        + " ORDER BY seq DESC LIMIT 1")
                .execute(Tuple.of(sessionId, homeId, kind))
                .map(set -> set.iterator().hasNext() ? set.iterator().next().getString(0) : null);
    }

    public Uni<List<Event>> of(UUID sessionId, UUID homeId) {
        return pool.preparedQuery("SELECT " + StoredEvent.COLUMNS + " FROM audit_events WHERE chain_id = $1 AND home_id = $2"
                        + " ORDER BY seq LIMIT $3")
                .execute(Tuple.of(sessionId, homeId, MAX_ROWS))
                .map(set -> {
                    List<StoredEvent> rows = new ArrayList<>();
                    for (Row row : set) {
                        rows.add(StoredEvent.of(row, false));
                    }
                    return rows;
                })
                .chain(rows -> details.open(rows.stream().map(StoredEvent::sealed).toList()).map(opened -> {
                    List<Event> events = new ArrayList<>(rows.size());
                    for (int i = 0; i < rows.size(); i++) {
                        StoredEvent r = rows.get(i);
                        events.add(new Event(r.seq(), r.at(), r.actor(), r.kind(), r.device(), r.op(), r.outcome(),
                                r.correlationId(), SessionAuditResource.detailJson(opened.get(i))));
                    }
                    return events;
                }));
    }
}
