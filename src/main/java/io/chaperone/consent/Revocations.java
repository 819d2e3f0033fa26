package io.chaperone.consent;

import io.chaperone.web.ProblemException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A resident's revocation, which must win (docs/adr/0007): a durable intent is recorded first, then the revoke
 * transition runs; while the intent exists no ticket is minted, no upgrade admitted and no live session started
 * for the session, on any node. An intent whose transition could not be made durable (audit or database down) is
 * retried by {@link #retryPending} until the session is revoked or already over. An intent the database refused
 * to store is kept in memory and written by the same job; this node honours it meanwhile.
 */
@ApplicationScoped
public class Revocations {

    private static final Logger LOG = Logger.getLogger(Revocations.class);
    /**
     * Only a member of the household of the session's home (its owner or any member: stopping access needs no more
     * than watching it, ADR 0021) records an intent, and only for a session that can still be revoked.
     */
    private static final String RECORD = """
            INSERT INTO revocation_intents (session_id, resident_id, resident_subject, accepted_at)
            SELECT s.id, $2::uuid, $3, $4
              FROM support_sessions s JOIN homes hm ON hm.id = s.home_id
             WHERE s.id = $1 AND s.state IN ('approved', 'active', 'suspended')
               AND (hm.resident_id = $2
                    OR EXISTS (SELECT 1 FROM home_members m WHERE m.home_id = hm.id AND m.resident_id = $2))
            ON CONFLICT (session_id) DO NOTHING""";
    /**
     * A revoke that waited too long for admission ({@link RevocationAdmission}) is handed to the job: the same
     * household rule as {@link #RECORD}, the resident found by the token's subject (one without a record yet is not
     * handed over and keeps its place in the queue), due for the job at once ({@code attempts > 0}).
     */
    private static final String HAND_OVER = """
            INSERT INTO revocation_intents (session_id, resident_id, resident_subject, accepted_at, attempts, last_failure)
            SELECT s.id, r.id, r.subject, $3, 1, 'admission_wait'
              FROM support_sessions s JOIN homes hm ON hm.id = s.home_id JOIN residents r ON r.subject = $2
             WHERE s.id = $1 AND s.state IN ('approved', 'active', 'suspended')
               AND (hm.resident_id = r.id
                    OR EXISTS (SELECT 1 FROM home_members m WHERE m.home_id = hm.id AND m.resident_id = r.id))
            ON CONFLICT (session_id) DO UPDATE SET attempts = revocation_intents.attempts + 1,
                                                   last_failure = EXCLUDED.last_failure""";
    private static final String CLEAR = "DELETE FROM revocation_intents WHERE session_id = $1";
    private static final String PENDING = "SELECT 1 FROM revocation_intents WHERE session_id = $1";
    private static final String FAILED = """
            UPDATE revocation_intents SET attempts = attempts + 1, last_failure = $2 WHERE session_id = $1""";
    /** Intents a request gave up on, or older than any request still working on its own. */
    private static final String DUE = """
            SELECT session_id, resident_id, resident_subject FROM revocation_intents
             WHERE attempts > 0 OR accepted_at <= $1 ORDER BY accepted_at LIMIT $2""";
    /** Longer than any revoke request takes (commit bound, statement timeout), so the job never races one. */
    private static final Duration IN_REQUEST = Duration.ofSeconds(10);
    static final int BATCH = 100;

    @Inject
    Pool pool;
    @Inject
    SessionTransitions transitions;
    @Inject
    Clock clock;
    @Inject
    Vertx vertx;
    @Inject
    RevocationAdmissionConfig admissionConfig;

    private final Map<UUID, Actor> unrecorded = new ConcurrentHashMap<>();
    private RevocationAdmission admission;

    @PostConstruct
    void start() {
        admission = new RevocationAdmission(vertx, admissionConfig.concurrency(), admissionConfig.maxWait());
    }

    /**
     * Runs a revoke request's durable part through the admission queue (ADR 0038); {@code overdue} answers for one
     * that waited past the bound ({@link #handOver} and a 202), or null to keep it queued.
     */
    public <T> Uni<T> admit(Supplier<Uni<T>> work, Supplier<Uni<T>> overdue) {
        return admission.admit(work, overdue);
    }

    /**
     * Stores the revocation of {@code sessionId} by the resident with {@code subject} as due for the job; true when it
     * is stored (then it wins like any accepted revocation), false when this resident may not revoke that session or
     * the database did not answer (the caller then keeps waiting for its turn).
     */
    public Uni<Boolean> handOver(UUID sessionId, String subject) {
        return pool.preparedQuery(HAND_OVER)
                .execute(Tuple.of(sessionId, subject, clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() > 0)
                .onFailure().recoverWithItem(false);
    }

    /** The outcome of a resident's revoke: recorded, or accepted and pending (the job finishes it). */
    public enum Outcome { REVOKED, PENDING }

    /**
     * Revokes for {@code resident}: intent, transition, intent cleared. A refusal of the transition itself (unknown
     * session, already over) is answered as such; any other failure leaves the revocation accepted and pending.
     */
    public Uni<Outcome> revoke(UUID sessionId, Actor resident) {
        Transition revoke = Transition.of(SessionAction.REVOKE);
        return record(sessionId, resident)
                .chain(() -> transitions.apply(sessionId, revoke, resident))
                .chain(changed -> clear(sessionId))
                .replaceWith(Outcome.REVOKED)
                .onFailure(Revocations::refused).call(() -> clear(sessionId))
                .onFailure(failure -> !refused(failure)).recoverWithUni(failure -> {
                    LOG.warnf("revocation accepted, not yet recorded; retrying: %s", failure.getClass().getSimpleName());
                    return failed(sessionId, failure.getClass().getSimpleName()).replaceWith(Outcome.PENDING);
                });
    }

    /** Whether a revocation of this session is accepted but not yet recorded (here or in the database). */
    public Uni<Boolean> pending(UUID sessionId) {
        if (unrecorded.containsKey(sessionId)) {
            return Uni.createFrom().item(true);
        }
        return pool.preparedQuery(PENDING).execute(Tuple.of(sessionId)).map(rows -> rows.size() > 0);
    }

    /** Whether this node holds a revocation of the session that the database has not stored yet. */
    public boolean pendingHere(UUID sessionId) {
        return unrecorded.containsKey(sessionId);
    }

    @Scheduled(every = "${chaperone.consent.revocation-retry}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retryPending() {
        return storeUnrecorded().chain(this::due)
                .onItem().transformToMulti(intents -> Multi.createFrom().iterable(intents))
                .onItem().transformToUniAndConcatenate(this::retry)
                .collect().asList().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("revocation retry pass failed: %s", e.getClass().getSimpleName());
                    return Uni.createFrom().voidItem();
                });
    }

    private record Intent(UUID sessionId, Actor resident) {
        static Intent of(Row row) {
            return new Intent(row.getUUID("session_id"),
                    Actor.resident(row.getString("resident_subject"), row.getUUID("resident_id")));
        }
    }

    private Uni<Void> record(UUID sessionId, Actor resident) {
        return insert(sessionId, resident).onFailure().invoke(failure -> {
            LOG.warnf("revocation intent kept in memory: %s", failure.getClass().getSimpleName());
            unrecorded.put(sessionId, resident);
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> insert(UUID sessionId, Actor resident) {
        return pool.preparedQuery(RECORD).execute(Tuple.of(sessionId, resident.personId(), resident.subject(),
                clock.instant().atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    private Uni<Void> clear(UUID sessionId) {
        unrecorded.remove(sessionId);
        return pool.preparedQuery(CLEAR).execute(Tuple.of(sessionId)).replaceWithVoid()
                // A leftover intent only blocks a session that is over anyway; the job clears it.
                .onFailure().recoverWithNull();
    }

    /** Hands the intent to the job ({@code attempts > 0}); {@code why} is a failure's class name, never a message. */
    private Uni<Void> failed(UUID sessionId, String why) {
        return pool.preparedQuery(FAILED).execute(Tuple.of(sessionId, why))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    private Uni<Void> storeUnrecorded() {
        return Multi.createFrom().iterable(List.copyOf(unrecorded.entrySet()))
                .onItem().transformToUniAndConcatenate(entry -> insert(entry.getKey(), entry.getValue())
                        .invoke(() -> unrecorded.remove(entry.getKey(), entry.getValue()))
                        .chain(() -> failed(entry.getKey(), "stored late")))
                .collect().asList().replaceWithVoid();
    }

    private Uni<List<Intent>> due() {
        return pool.preparedQuery(DUE)
                .execute(Tuple.of(clock.instant().minus(IN_REQUEST).atOffset(ZoneOffset.UTC), BATCH))
                .map(rows -> {
                    List<Intent> intents = new ArrayList<>();
                    rows.forEach(row -> intents.add(Intent.of(row)));
                    return intents;
                });
    }

    private Uni<Void> retry(Intent intent) {
        return revoke(intent.sessionId(), intent.resident()).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** The transition itself said no (unknown to this resident, already over): nothing is left to revoke. */
    private static boolean refused(Throwable failure) {
        return failure instanceof ProblemException problem && problem.status() < 500
                && !"concurrent_update".equals(problem.code());
    }
}
