package io.chaperone.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A resident's decision on a session request or an escalation, with the step-up facts it was made under. */
@Entity
@Table(name = "approvals")
public class Approval extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "session_id")
    public UUID sessionId;
    @Column(name = "escalation_id")
    public UUID escalationId;
    @Column(name = "resident_id")
    public UUID residentId;
    public String decision;
    public String scope;
    @Column(name = "duration_minutes")
    public Integer durationMinutes;
    public String reveal;
    @Column(name = "auth_time")
    public Instant authTime;
    public String acr;
    public String amr;
    @Column(name = "privacy_notice_version")
    public String privacyNoticeVersion;
    @Column(name = "decided_at")
    public Instant decidedAt;
}
