package io.chaperone.consent;

import io.chaperone.household.Household;
import io.chaperone.household.Right;
import io.chaperone.identity.Caller;
import io.chaperone.identity.People;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may see a session: the members of its home's household (ADR 0021), its technician while their token names the
 * session's provider, and ops (metadata, read-only;
 * the resources never let ops change anything). Anyone else gets the same 404 as for an unknown
 * id, so ids of other people's sessions reveal nothing.
 */
@ApplicationScoped
public class SessionAccess {

    @Inject
    People people;
    @Inject
    Household household;

    /** The caller as an actor, provisioned just in time (its own short transaction). */
    public Uni<Actor> actor(Caller caller) {
        return Panache.withTransaction(() -> switch (caller.role()) {
            case RESIDENT -> people.resident(caller).map(r -> Actor.resident(caller.subject(), r.id));
            case TECHNICIAN -> people.technician(caller).map(t -> Actor.technicianOf(caller.subject(), t.id, t.providerId));
            case OPS -> people.operator(caller).map(o -> Actor.ops(caller.subject(), o.id));
        });
    }

    /** Passes the session through if the actor may see it; fails with 404 otherwise. Needs a session. */
    public Uni<SupportSession> visible(SupportSession session, Actor actor) {
        return visible(session, actor, Right.VIEW);
    }

    /**
     * As {@link #visible(SupportSession, Actor)}, and a resident must hold {@code right} in the home's household:
     * a member who may see the session but not decide gets 403 {@code household_right_required}.
     */
    public Uni<SupportSession> visible(SupportSession session, Actor actor, Right right) {
        if (session == null) {
            return Uni.createFrom().failure(ProblemException.notFound("session"));
        }
        if (actor.isSystem() || actor.is(Role.OPS)) {
            return Uni.createFrom().item(session);
        }
        if (actor.is(Role.TECHNICIAN)) {
            // By technician id and by provider: one who moved to another provider no longer acts for the old one.
            return session.technicianId.equals(actor.personId()) && actor.actsFor(session.providerId)
                    ? Uni.createFrom().item(session)
                    : Uni.createFrom().failure(ProblemException.notFound("session"));
        }
        return household.require(actor.personId(), session.homeId, right, "session").replaceWith(session);
    }

    /**
     * The household right a resident needs for a transition: deciding (approve, deny, escalations) and resuming grant
     * access; revoking, suspending and ending only stop it, which every member may (ADR 0021).
     */
    public static Right rightFor(Transition transition) {
        return switch (transition) {
            case Transition.Approve a -> Right.DECIDE;
            case Transition.Deny d -> Right.DECIDE;
            case Transition.DecideEscalation e -> Right.DECIDE;
            case Transition.Plain plain when plain.action() == SessionAction.RESUME -> Right.DECIDE;
            default -> Right.STOP;
        };
    }
}
