package io.chaperone.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The public API of notifications: a notification is a row in the outbox table {@code notifications}, written in the
 * caller's transaction ({@link #enqueue}) or on its own ({@link #publish}); the {@link NotificationDispatcher} fans it
 * out to the home's channels afterwards. Nothing is sent from here, so a rolled-back caller notifies nobody and a
 * committed one is delivered even if the node dies right after the commit (ADR 0026).
 */
@ApplicationScoped
public class Notifications {

    private static final String INSERT = "INSERT INTO notifications (id, home_id, kind, session_id, summary, created_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6)";

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;
    @Inject
    NotificationDispatcher dispatcher;

    /**
     * Adds a notification inside the caller's open Hibernate Reactive transaction ({@code Panache.withTransaction});
     * it commits or rolls back with the caller's own changes. Answers the notification's id.
     *
     * @throws IllegalStateException (as the Uni's failure) when no transaction is open
     */
    public Uni<UUID> enqueue(UUID homeId, NotificationKind kind, NotificationSummary summary) {
        UUID id = UUID.randomUUID();
        String body = summaryJson(summary);
        Instant now = clock.instant();
        return Panache.currentTransaction().chain(tx -> {
            if (tx == null) {
                return Uni.createFrom().failure(new IllegalStateException("enqueue needs an open transaction"));
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(
                            "INSERT INTO notifications (id, home_id, kind, session_id, summary, created_at) "
                                    + "VALUES (:id, :home, :kind, :session, :summary, :at)")
                    .setParameter("id", id).setParameter("home", homeId).setParameter("kind", kind.wireName())
                    .setParameter("session", summary.sessionId()).setParameter("summary", body)
                    .setParameter("at", now.atOffset(ZoneOffset.UTC))
                    .executeUpdate());
        }).replaceWith(id);
    }

    /** Adds a notification in a statement of its own (no caller transaction) and asks the dispatcher to run soon. */
    public Uni<UUID> publish(UUID homeId, NotificationKind kind, NotificationSummary summary) {
        UUID id = UUID.randomUUID();
        return pool.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {id, homeId, kind.wireName(), summary.sessionId(), summaryJson(summary),
                        clock.instant().atOffset(ZoneOffset.UTC)}))
                .invoke(dispatcher::kick)
                .replaceWith(id);
    }

    /** Asks the dispatcher for a pass soon; callers of {@link #enqueue} may call it after their commit. */
    public void kick() {
        dispatcher.kick();
    }

    private String summaryJson(NotificationSummary summary) {
        ObjectNode node = json.createObjectNode().put("title", summary.title());
        if (summary.sessionId() != null) {
            node.put("sessionId", summary.sessionId().toString());
        }
        ObjectNode facts = node.putObject("facts");
        summary.facts().forEach(facts::put);
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
