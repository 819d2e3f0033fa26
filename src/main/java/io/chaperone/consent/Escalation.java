package io.chaperone.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A technician's request to widen the scope of a live session. */
@Entity
@Table(name = "escalations")
public class Escalation extends PanacheEntityBase {

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
    public String state;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
}
