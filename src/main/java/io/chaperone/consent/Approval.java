package io.chaperone.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.chaperone.policy.Scope;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
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
    @Column(name = "start_by")
    public Instant startBy;

    /** The resident approved the request; the row copies the terms now in force on the session. */
    static Approval approved(SupportSession session, Transition.Decider decider, Instant now) {
        Approval approval = decided(session.id, null, decider, "approved", now);
        approval.scope = session.scope;
        approval.durationMinutes = session.durationMinutes;
        approval.reveal = session.reveal;
        approval.startBy = session.startBy;
        return approval;
    }

    /** The resident approved an escalation; the row keeps the grants it added. */
    static Approval escalationApproved(SupportSession session, UUID escalationId, Scope added,
                                       Transition.Decider decider, Instant now) {
        Approval approval = decided(session.id, escalationId, decider, "approved", now);
        approval.scope = added.toJson();
        return approval;
    }

    static Approval denied(UUID sessionId, UUID escalationId, Transition.Decider decider, Instant now) {
        return decided(sessionId, escalationId, decider, "denied", now);
    }

    private static Approval decided(UUID sessionId, UUID escalationId, Transition.Decider decider, String decision,
                                    Instant now) {
        Approval approval = new Approval();
        approval.id = UUID.randomUUID();
        approval.sessionId = sessionId;
        approval.escalationId = escalationId;
        approval.residentId = decider.residentId();
        approval.decision = decision;
        approval.authTime = decider.authTime();
        approval.acr = decider.acr();
        approval.amr = amrText(decider.amr());
        approval.decidedAt = now;
        return approval;
    }

    /** amr values, sorted and space-separated, as OAuth writes lists of tokens. */
    private static String amrText(Set<String> amr) {
        return amr == null || amr.isEmpty() ? null : String.join(" ", new TreeSet<>(amr));
    }
}
