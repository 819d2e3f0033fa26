package io.chaperone.consent;

import io.chaperone.audit.AuditWriter;
import io.chaperone.web.ProblemException;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one path by which a session changes: load (checking the actor may see it), apply the domain
 * method, commit, and only then fire {@link SessionChanged}. Audit and the relay hook in here, so
 * nothing else writes a session's state. Must be called outside a transaction (it owns its own,
 * so the event really follows the commit).
 */
@ApplicationScoped
public class SessionTransitions {

    private static final Logger LOG = Logger.getLogger(SessionTransitions.class);
    /**
     * A closing transition loses only to a change that already committed, so it retries at once (on the same
     * context: Hibernate Reactive must stay on it); the bound only stops a livelock.
     */
    private static final int CLOSE_ATTEMPTS = 20;

    @Inject
    Clock clock;
    @Inject
    Vertx vertx;
    @Inject
    SessionAccess access;
    @Inject
    Event<SessionChanged> changed;
    @Inject
    Event<SessionClosing> closing;
    @Inject
    AuditWriter audit;
    @Inject
    Instance<TransitionRecorder> recorders;

    /**
     * Tells the relay at once that {@code transition} will close the session, before anything is read: the live
     * session stops forwarding now, for an actor it recognises ({@link SessionClosing}). {@link #apply} does
     * it too; call this first when resolving the actor costs a database round trip (a revocation storm).
     */
    public void announce(UUID sessionId, Transition transition, Actor actor) {
        announce(sessionId, transition, actor, System.nanoTime());
    }

    /** As {@link #announce(UUID, Transition, Actor)} for a request that arrived at {@code arrivedNanos} (metered). */
    public void announce(UUID sessionId, Transition transition, Actor actor, long arrivedNanos) {
        if (transition instanceof Transition.Plain plain && plain.action().closesLiveSession()) {
            closing.fire(new SessionClosing(sessionId, plain.action(), actor, SessionClosing.Via.LOCAL, arrivedNanos));
        }
    }

    /**
     * Applies a transition to an existing session; 404 if the actor may not see it. A transition that closes the
     * live session (revoke, suspend, end, expire) is never refused for a concurrency reason: it loses a race only to
     * an activation, deactivation or escalation, so it is retried until it wins, announced again on every attempt
     * and once more before a failure is answered, so a live session that registered meanwhile is shut either way.
     */
    public Uni<SessionChanged> apply(UUID sessionId, Transition transition, Actor actor) {
        Uni<SessionChanged> attempt = Uni.createFrom().deferred(() -> {
            announce(sessionId, transition, actor);
            return commit(() -> SupportSession.<SupportSession>findById(sessionId).chain(s -> access.visible(s, actor,
                            SessionAccess.rightFor(transition))),
                    transition, actor, false);
        });
        if (!closesLiveSession(transition)) {
            return attempt.onFailure(SessionTransitions::isConcurrentUpdate).transform(SessionTransitions::conflict);
        }
        return attempt.onFailure(SessionTransitions::isConcurrentUpdate).retry()
                .atMost(CLOSE_ATTEMPTS)
                .onFailure().invoke(failure -> announce(sessionId, transition, actor))
                .onFailure(SessionTransitions::isConcurrentUpdate).transform(SessionTransitions::conflict);
    }

    /** Stores a new request (built and validated by {@code draft} inside the transaction). */
    public Uni<SessionChanged> open(Supplier<Uni<SupportSession>> draft, Actor actor) {
        return commit(() -> draft.get().call(s -> s.persist()), new Transition.Opened(), actor, true)
                .onFailure(SessionTransitions::isConcurrentUpdate).transform(SessionTransitions::conflict);
    }

    private Uni<SessionChanged> commit(Supplier<Uni<SupportSession>> load, Transition transition, Actor actor,
                                       boolean created) {
        Instant now = SupportSession.now(clock);
        // The C1 record commits before the session row does: a change that cannot be audited does not happen.
        // (If the row then fails to commit, the trail holds a change that did not happen; never the reverse.)
        return Panache.withTransaction(() -> load.get().chain(session -> {
                    SessionState from = created ? null : session.state;
                    return transition.applyTo(session, now)
                            .map(reason -> SessionChanged.of(session, from, actor, reason, now))
                            .call(event -> audit.commit(SessionAudit.recordOf(event, transition)))
                            .call(event -> record(session, transition, event));
                }))
                .invoke(this::publish);
    }

    /** Lets the features that keep their own record of a decision (consent receipts) write it in this transaction. */
    private Uni<Void> record(SupportSession session, Transition transition, SessionChanged event) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (TransitionRecorder recorder : recorders) {
            all = all.chain(() -> recorder.recorded(session, transition, event));
        }
        return all;
    }

    private static boolean closesLiveSession(Transition transition) {
        return transition instanceof Transition.Plain plain && plain.action().closesLiveSession();
    }

    private static Throwable conflict(Throwable failure) {
        return ProblemException.conflict("concurrent_update", "the session changed concurrently; retry");
    }

    /**
     * Fires the committed change, synchronously, on a fresh safe duplicated context. Observers start timers and
     * subscriptions (the report's settle timer, the end-of-session read-back) that inherit the current context; on the
     * request's own context they shared its Hibernate Reactive session slot with the rest of the request, and a report
     * built while a slow revoke was still reading its answer failed both (IllegalStateException, 500 on a committed
     * revoke: issue 13).
     */
    private void publish(SessionChanged event) {
        Context current = Vertx.currentContext();
        ContextInternal fresh = (ContextInternal) VertxContext.createNewDuplicatedContext(
                current != null ? current : vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(fresh, true);
        fresh.dispatch(event, this::fire);
    }

    private void fire(SessionChanged event) {
        try {
            changed.fire(event);
        } catch (RuntimeException e) {
            // The change is committed; a failing observer must not turn it into an error answer.
            LOG.errorf("an observer of session changes failed: %s", e.getClass().getSimpleName());
        }
    }

    private static boolean isConcurrentUpdate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StaleStateException || t instanceof OptimisticLockException) {
                return true;
            }
        }
        return false;
    }
}
