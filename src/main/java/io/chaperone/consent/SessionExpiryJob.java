package io.chaperone.consent;

import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes {@code expired} for sessions past their deadline: requests past their TTL, approved,
 * active and suspended sessions past {@code expiresAt}, approvals never used by their {@code startBy} (ADR 0020). Readers already see them as expired
 * ({@link SupportSession#effectiveState}); this makes it durable and fires the event that closes sockets.
 */
@ApplicationScoped
public class SessionExpiryJob {

    private static final Logger LOG = Logger.getLogger(SessionExpiryJob.class);
    /** Per tick; a backlog drains over the next ticks. */
    static final int BATCH = 100;

    @Inject
    Clock clock;
    @Inject
    SessionTransitions transitions;

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireDue() {
        Instant now = clock.instant();
        return due(now).onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(this::expire)
                .collect().asList().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("session expiry pass failed: %s", e.getClass().getSimpleName());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<List<UUID>> due(Instant now) {
        return Panache.withSession(() -> SupportSession.<SupportSession>find(
                        "(state = ?1 and requestExpiresAt <= ?2) or (state in ?3 and expiresAt <= ?2) "
                                + "or (state in ?4 and firstActivatedAt is null and startBy <= ?2)",
                        SessionState.requested, now, List.of(SessionState.approved, SessionState.active, SessionState.suspended),
                        List.of(SessionState.approved, SessionState.suspended))
                .range(0, BATCH - 1).list())
                .map(sessions -> sessions.stream().map(s -> s.id).toList());
    }

    private Uni<Void> expire(UUID sessionId) {
        return transitions.apply(sessionId, Transition.of(SessionAction.EXPIRE), Actor.system()).replaceWithVoid()
                // Someone else (a revoke, a concurrent pass) got there first: nothing left to do.
                .onFailure(ProblemException.class).recoverWithNull()
                .replaceWithVoid();
    }
}
