package io.chaperone.consent.extension;

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

/** A technician's request for more time on a live session; the resident decides once. Never touches scope. */
@Entity
@Table(name = "session_extensions")
public class SessionExtension extends PanacheEntityBase {

    public enum State { requested, approved, denied }

    @Id
    public UUID id;
    @Column(name = "session_id")
    public UUID sessionId;
    @Column(name = "technician_id")
    public UUID technicianId;
    public int minutes;
    public String reason;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "previous_expires_at")
    public Instant previousExpiresAt;
    @Column(name = "new_expires_at")
    public Instant newExpiresAt;

    static SessionExtension request(UUID sessionId, UUID technicianId, int minutes, String reason, Instant now) {
        SessionExtension extension = new SessionExtension();
        extension.id = UUID.randomUUID();
        extension.sessionId = sessionId;
        extension.technicianId = technicianId;
        extension.minutes = minutes;
        extension.reason = reason;
        extension.state = State.requested;
        extension.requestedAt = now;
        return extension;
    }

    void decide(boolean approve, Instant now) {
        if (state != State.requested) {
            throw ProblemException.conflict("extension_decided", "the extension was already " + state.name());
        }
        state = approve ? State.approved : State.denied;
        decidedAt = now;
    }
}
