package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Scope;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Fired (synchronously, after commit) for every committed session change: state transitions,
 * a new request ({@code from == null}) and escalation decisions ({@code from == to}; on approval the
 * scope is the new, wider one). Observers run on the event loop and must not block.
 *
 * @param actor   the subject who caused it, or {@code "system"}
 * @param scope   the scope in force afterwards (empty before approval)
 * @param expiresAt null before approval
 */
public record SessionChanged(UUID sessionId, UUID homeId, UUID hubId, UUID technicianId,
                             SessionState from, SessionState to, String actor, String reason, Instant at,
                             Scope scope, Instant expiresAt, Set<DataClass> reveal) {

    public SessionChanged {
        reveal = Set.copyOf(reveal);
    }

    static SessionChanged of(SupportSession session, SessionState from, Actor actor, String reason, Instant at) {
        return new SessionChanged(session.id, session.homeId, session.hubId, session.technicianId, from, session.state,
                actor.subject(), reason, at, session.granted(), session.expiresAt, session.revealed());
    }
}
