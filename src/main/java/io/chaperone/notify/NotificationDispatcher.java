package io.chaperone.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drains the outbox (ADR 0026). A pass (1) fans new notifications out into deliveries, one transaction that locks
 * them FOR UPDATE SKIP LOCKED, so concurrent passes on two nodes take disjoint rows and each notification is fanned
 * out once; then tells the live feed; (2) delivers due webhooks; (3) sends due e-mail digests. Runs on a schedule
 * and when {@link #kick()}ed; a pass never overlaps another on the same node.
 */
@ApplicationScoped
public class NotificationDispatcher {

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
    private static final TypeReference<Set<String>> KINDS = new TypeReference<>() { };

    private static final String PENDING = "SELECT n.id, n.home_id, n.kind, n.summary, n.created_at,"
            + " coalesce(p.email_enabled, false), coalesce(p.webhook_enabled, true), coalesce(p.muted_kinds, '[]')"
            + " FROM notifications n LEFT JOIN notification_preferences p ON p.home_id = n.home_id"
            + " WHERE n.fanned_out_at IS NULL ORDER BY n.created_at LIMIT $1 FOR UPDATE OF n SKIP LOCKED";
    private static final String WEBHOOKS = "INSERT INTO notification_deliveries"
            + " (id, notification_id, home_id, channel, endpoint_id, state, next_attempt_at)"
            + " SELECT gen_random_uuid(), $1, $2, 'webhook', e.id, 'pending', $3 FROM webhook_endpoints e"
            + " WHERE e.home_id = $2 AND e.disabled_at IS NULL ON CONFLICT DO NOTHING";
    private static final String EMAIL = "INSERT INTO notification_deliveries"
            + " (id, notification_id, home_id, channel, endpoint_id, state, next_attempt_at)"
            + " VALUES (gen_random_uuid(), $1, $2, 'email', NULL, 'pending', $3) ON CONFLICT DO NOTHING";

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    NotifyConfig config;
    @Inject
    WebhookDelivery webhooks;
    @Inject
    EmailDigest email;
    @Inject
    ObjectMapper json;
    @Inject
    Event<NotificationRaised> raised;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    @Scheduled(every = "${chaperone.notify.dispatch-every}", delayed = "${chaperone.notify.dispatch-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return guarded();
    }

    /** Runs a pass soon (now, or right after the one in progress). */
    public void kick() {
        guarded().subscribe().with(v -> { }, e -> { });
    }

    private Uni<Void> guarded() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        return pass().onFailure().invoke(e -> LOG.warnf("Notification pass failed (code=notify.pass_failed): %s",
                        e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid()
                .eventually(() -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        kick();
                    }
                });
    }

    /** One full pass; answers how many notifications were fanned out. Tests call it to model a node's next pass. */
    public Uni<Integer> pass() {
        return fanOut().chain(n -> webhooks.pass().chain(() -> email.pass()).replaceWith(n));
    }

    Uni<Integer> fanOut() {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> conn.preparedQuery(PENDING).execute(Tuple.of(config.batchSize()))
                        .chain(rows -> {
                            List<NotificationRaised> fanned = new ArrayList<>(rows.size());
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (Row row : rows) {
                                NotificationRaised n = new NotificationRaised(row.getUUID(0), row.getUUID(1),
                                        NotificationKind.fromWireName(row.getString(2)).orElseThrow(),
                                        row.getString(3), row.getOffsetDateTime(4).toInstant());
                                fanned.add(n);
                                boolean muted = muted(row.getString(7)).contains(n.kind().wireName());
                                boolean mail = row.getBoolean(5) && !muted;
                                boolean hooks = row.getBoolean(6) && !muted;
                                chain = chain.chain(() -> deliveries(conn, n, hooks, mail, now));
                            }
                            return chain.replaceWith(fanned);
                        }))
                .invoke(fanned -> fanned.forEach(this::tellLive))
                .map(List::size);
    }

    private Uni<Void> deliveries(SqlConnection conn, NotificationRaised n, boolean hooks, boolean mail, Instant now) {
        Uni<Void> step = Uni.createFrom().voidItem();
        if (hooks) {
            step = step.chain(() -> conn.preparedQuery(WEBHOOKS)
                    .execute(Tuple.of(n.notificationId(), n.homeId(), now.atOffset(ZoneOffset.UTC))).replaceWithVoid());
        }
        if (mail) {
            Instant due = n.at().plus(config.email().digestWindow());
            step = step.chain(() -> conn.preparedQuery(EMAIL)
                    .execute(Tuple.of(n.notificationId(), n.homeId(), due.atOffset(ZoneOffset.UTC))).replaceWithVoid());
        }
        return step.chain(() -> conn.preparedQuery("UPDATE notifications SET fanned_out_at = $1 WHERE id = $2")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), n.notificationId())).replaceWithVoid());
    }

    private void tellLive(NotificationRaised n) {
        try {
            raised.fire(n);
        } catch (RuntimeException e) {
            LOG.warnf("A live notification observer failed: %s", e.getClass().getSimpleName());
        }
    }

    private Set<String> muted(String kinds) {
        try {
            return json.readValue(kinds, KINDS);
        } catch (IOException e) {
            return Set.of();
        }
    }
}
