package io.chaperone.consent;

import io.chaperone.home.Home;
import io.chaperone.home.Hub;
import io.chaperone.household.NeverGrantList;
import io.chaperone.identity.Technician;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import io.chaperone.web.RequestLimits;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/**
 * A technician's request for a session: checks the ticket (their provider's, not closed), the hub
 * (of the ticket's home), the scope (within the template on this hub) and the duration (within the
 * template and the global maximum), then stores it through {@link SessionTransitions#open}.
 */
@ApplicationScoped
public class SessionRequests {

    @Inject
    ConsentConfig config;
    @Inject
    Clock clock;
    @Inject
    SessionTransitions transitions;
    @Inject
    RequestLimits limits;

    public Uni<SessionChanged> request(Actor technician, SessionRequestBody body) {
        return transitions.open(() -> draft(technician, body), technician);
    }

    private Uni<SupportSession> draft(Actor actor, SessionRequestBody body) {
        return Technician.<Technician>findById(actor.personId())
                .chain(technician -> SupportTicket.<SupportTicket>findById(body.ticketId()).map(ticket -> {
                    // A ticket of another provider is as unknown as a missing one.
                    if (ticket == null || !ticket.providerId.equals(technician.providerId)) {
                        throw ProblemException.notFound("ticket");
                    }
                    if ("closed".equals(ticket.state)) {
                        throw ProblemException.conflict("ticket_closed", "the support ticket is closed");
                    }
                    return ticket;
                }))
                .call(ticket -> Home.<Home>findById(ticket.homeId).invoke(home -> {
                    if (home == null || home.erasedAt != null) {
                        throw Transition.homeErased();
                    }
                }))
                .chain(ticket -> Hub.<Hub>findById(body.hubId()).map(hub -> {
                    if (hub == null || !hub.homeId.equals(ticket.homeId)) {
                        throw ProblemException.notFound("hub");
                    }
                    // Approval bombing: each request asks the resident; bounded per technician and home.
                    limits.sessionRequests().acquire(actor.subject() + "|" + ticket.homeId);
                    return new SupportSession.Parties(ticket.id, ticket.homeId, hub.id, body.templateId(), actor.personId(),
                            ticket.providerId);
                }))
                .chain(parties -> TemplateRules.load(body.templateId()).chain(rules -> NeverGrantList.load(parties.homeId())
                        .chain(never -> rules.widestOn(parties.hubId()).map(widest -> {
                            // The home's never-grant list (ADR 0021): an explicit scope touching it is refused here,
                            // before the request exists or reaches anyone; the default scope leaves it out.
                            Scope scope = body.scope() == null ? never.without(widest) : body.scope().toScope();
                            never.require(scope, java.util.Set.of());
                            if (scope.isEmpty()) {
                                throw new ProblemException(422, "scope_empty",
                                        "the template allows no operation on any device of this hub");
                            }
                            TemplateRules.requireWithin(scope, widest);
                            requireDuration(body.durationMinutes(), rules);
                            SupportSession session = SupportSession.request(parties, scope, body.durationMinutes(),
                                    body.reason(), SupportSession.now(clock), config.requestTtl());
                            session.templateVersion = rules.version();
                            return session;
                        }))));
    }

    private void requireDuration(int minutes, TemplateRules rules) {
        long limit = Math.min(rules.maxDurationMinutes(), config.globalMaxDuration().toMinutes());
        if (minutes > limit) {
            throw new ProblemException(422, "duration_exceeds_template",
                    "at most " + limit + " minutes are allowed for this template");
        }
    }
}
