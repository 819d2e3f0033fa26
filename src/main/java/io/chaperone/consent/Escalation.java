package io.chaperone.consent;

import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A technician's request to widen the scope of a live session; the resident decides once. */
@Entity
@Table(name = "escalations")
public class Escalation extends PanacheEntityBase {

    public enum State { requested, approved, denied }

    @Id
    public UUID id;
    @Column(name = "session_id")
    public UUID sessionId;
    @Column(name = "technician_id")
    public UUID technicianId;
    /** JSON scope: the grants to add. */
    @Column(name = "requested_scope")
    public String requestedScope;
    public String reason;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "decided_at")
    public Instant decidedAt;

    static Escalation request(SupportSession session, Scope added, String reason, Instant now) {
        Escalation escalation = new Escalation();
        escalation.id = UUID.randomUUID();
        escalation.sessionId = session.id;
        escalation.technicianId = session.technicianId;
        escalation.requestedScope = added.withVersion(0).toJson();
        escalation.reason = reason;
        escalation.state = State.requested;
        escalation.requestedAt = now;
        return escalation;
    }

    public Scope added() {
        return Scope.fromJson(requestedScope);
    }

    void decide(boolean approve, Instant now) {
        if (state != State.requested) {
            throw ProblemException.conflict("escalation_decided", "the escalation was already " + state.name());
        }
        state = approve ? State.approved : State.denied;
        decidedAt = now;
    }
}
