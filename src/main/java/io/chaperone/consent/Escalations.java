package io.chaperone.consent;

import io.chaperone.audit.AuditWriter;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import io.chaperone.web.RequestLimits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A technician asks to widen a live session. Asking changes nothing yet; the resident's decision
 * goes through {@link SessionTransitions} ({@link Transition.DecideEscalation}).
 */
@ApplicationScoped
public class Escalations {

    @Inject
    Clock clock;
    @Inject
    SessionAccess access;
    @Inject
    AuditWriter audit;
    @Inject
    RequestLimits limits;

    public Uni<Escalation> request(UUID sessionId, Actor technician, EscalationBody body) {
        Instant now = SupportSession.now(clock);
        Scope added = body.scope().toScope();
        return Panache.withTransaction(() -> SupportSession.<SupportSession>findById(sessionId)
                .chain(s -> access.visible(s, technician))
                .invoke(session -> limits.escalations().acquire(session.id))
                .chain(session -> {
                    if (!session.effectiveState(now).live()) {
                        throw ProblemException.conflict("session_not_active",
                                "escalations need an approved or active session; it is " + session.effectiveState(now).name());
                    }
                    return TemplateRules.loadFor(session)
                            .chain(rules -> rules.widestOn(session.hubId))
                            .call(widest -> io.chaperone.household.NeverGrantList.load(session.homeId)
                                    .invoke(never -> never.require(added, java.util.Set.of())))
                            .chain(widest -> {
                                TemplateRules.requireWithin(added, widest);
                                if (added.isWithin(session.granted())) {
                                    throw new ProblemException(422, "escalation_adds_nothing",
                                            "the session already has every grant asked for");
                                }
                                Escalation escalation = Escalation.request(session, added, body.reason(), now);
                                return escalation.<Escalation>persist().call(saved -> audit.commit(
                                        SessionAudit.escalationRequested(session, saved, technician.subject())));
                            });
                }));
    }
}
