package io.chaperone.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/**
 * A support session: a technician's request for access to one hub, the resident's approval, and
 * its life until a terminal state. The state machine of ARCHITECTURE §3 lives here.
 */
@Entity
@Table(name = "support_sessions")
public class SupportSession extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "ticket_id")
    public UUID ticketId;
    @Column(name = "home_id")
    public UUID homeId;
    @Column(name = "hub_id")
    public UUID hubId;
    @Column(name = "template_id")
    public UUID templateId;
    @Column(name = "technician_id")
    public UUID technicianId;
    @Column(name = "provider_id")
    public UUID providerId;
    @Enumerated(EnumType.STRING)
    public SessionState state;
    public String reason;
    /** JSON scope the technician asked for. */
    @Column(name = "requested_scope")
    public String requestedScope;
    @Column(name = "requested_duration_minutes")
    public int requestedDurationMinutes;
    /** JSON scope in force after approval (and escalations). */
    public String scope;
    @Column(name = "scope_version")
    public int scopeVersion;
    @Column(name = "duration_minutes")
    public Integer durationMinutes;
    /** JSON array of data classes the resident revealed. */
    public String reveal;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "request_expires_at")
    public Instant requestExpiresAt;
    @Column(name = "approved_at")
    public Instant approvedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "end_reason")
    public String endReason;
    @Version
    public long version;
}
