package io.chaperone.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A support session: a technician's request for access to one hub, the resident's approval, and
 * its life until a terminal state. The state machine of ARCHITECTURE §3 lives here (the table is
 * {@link SessionAction}); services only load, call one of these methods and persist.
 */
@Entity
@Table(name = "support_sessions")
public class SupportSession extends PanacheEntityBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<DataClass>> DATA_CLASSES = new TypeReference<>() { };

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
    /** The template version the session was requested, and so approved, under; later changes do not touch it. */
    @Column(name = "template_version")
    public Integer templateVersion;
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
    /** The approval must be used (first activation) before this, or the session expires (ADR 0020); null: no bound. */
    @Column(name = "start_by")
    public Instant startBy;
    @Column(name = "first_activated_at")
    public Instant firstActivatedAt;
    @Version
    public long version;

    /**
     * The instant a session change is stamped with: microseconds, as PostgreSQL stores them, so the
     * event observers receive and the row hold the very same deadline.
     */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Who a session is between and about. */
    public record Parties(UUID ticketId, UUID homeId, UUID hubId, UUID templateId, UUID technicianId, UUID providerId) {
    }

    /** A new request, waiting for the resident until {@code now + ttl}. */
    public static SupportSession request(Parties parties, Scope requested, int durationMinutes, String reason,
                                         Instant now, Duration ttl) {
        SupportSession session = new SupportSession();
        session.id = UUID.randomUUID();
        session.ticketId = parties.ticketId();
        session.homeId = parties.homeId();
        session.hubId = parties.hubId();
        session.templateId = parties.templateId();
        session.technicianId = parties.technicianId();
        session.providerId = parties.providerId();
        session.state = SessionState.requested;
        session.reason = reason;
        session.requestedScope = requested.withVersion(0).toJson();
        session.requestedDurationMinutes = durationMinutes;
        session.scopeVersion = 0;
        session.reveal = "[]";
        session.requestedAt = now;
        session.requestExpiresAt = now.plus(ttl);
        return session;
    }

    /**
     * The state as of {@code now}: a session past its deadline is expired even before the expiry
     * job has written it, so nothing ever acts on a stale "approved".
     */
    public SessionState effectiveState(Instant now) {
        if (state == SessionState.requested && !now.isBefore(requestExpiresAt)) {
            return SessionState.expired;
        }
        if ((state == SessionState.approved || state == SessionState.active || state == SessionState.suspended)
                && expiresAt != null && !now.isBefore(expiresAt)) {
            return SessionState.expired;
        }
        if (startByMissed(now)) {
            return SessionState.expired;
        }
        return state;
    }

    /** The end reason of a session that expired because its approval was not used in time. */
    public static final String START_BY = "start_by";

    /** Approved, never connected, and the start-by deadline reached: the approval is spent (ADR 0020). */
    public boolean startByMissed(Instant now) {
        return (state == SessionState.approved || state == SessionState.suspended) && firstActivatedAt == null
                && startBy != null && !now.isBefore(startBy);
    }

    /**
     * The resident's approval; it may only narrow the request. Without an explicit scope it grants only the read-only
     * subset of the request (the most restrictive choice): writes, reboots and updates must be named to be approved.
     * Fixes {@code expiresAt} for good.
     */
    public void approve(ApprovalTerms terms, Instant now) {
        check(SessionAction.APPROVE, now);
        Scope asked = requested();
        Scope granted = terms.scope().orElseGet(asked::readOnly);
        if (!granted.isWithin(asked)) {
            throw new ProblemException(422, "scope_widening", "the approval may only narrow the requested scope");
        }
        if (granted.isEmpty()) {
            throw terms.scope().isPresent()
                    ? new ProblemException(422, "scope_empty", "an approval must grant something; deny the request instead")
                    : new ProblemException(422, "scope_required", "the request holds no read-only operation: "
                            + "approve an explicit scope to allow changes, reboots or updates, or deny the request");
        }
        int minutes = terms.durationMinutes().orElse(requestedDurationMinutes);
        if (minutes > requestedDurationMinutes) {
            throw new ProblemException(422, "duration_widening",
                    "the approval may not exceed the requested " + requestedDurationMinutes + " minutes");
        }
        if (minutes <= 0) {
            throw new ProblemException(422, "duration_invalid", "the duration must be at least one minute");
        }
        scopeVersion = 1;
        scope = granted.withVersion(scopeVersion).toJson();
        durationMinutes = minutes;
        reveal = writeReveal(terms.reveal());
        approvedAt = now;
        expiresAt = now.plus(Duration.ofMinutes(minutes));
        startBy = terms.startBy().map(now::plus).orElse(null);
        enter(SessionAction.APPROVE, now, SessionAction.APPROVE.defaultReason());
    }

    public void deny(Instant now) { apply(SessionAction.DENY, now, null); }

    public void cancel(Instant now) { apply(SessionAction.CANCEL, now, null); }

    /** The technician's socket connected. */
    public void activate(Instant now) { apply(SessionAction.ACTIVATE, now, null); }

    /** The first activation uses the approval: from then on only {@code expiresAt} bounds the session. */
    private void used(Instant now) {
        if (firstActivatedAt == null) {
            firstActivatedAt = now;
        }
    }

    /** The technician's socket went away; the approval still holds until expiry. */
    public void deactivate(Instant now) { apply(SessionAction.DEACTIVATE, now, null); }

    public void suspend(Instant now, String why) { apply(SessionAction.SUSPEND, now, why); }

    /** Back to approved: the technician reconnects to become active again. */
    public void resume(Instant now) { apply(SessionAction.RESUME, now, null); }

    public void end(Instant now, String why) { apply(SessionAction.END, now, why); }

    public void revoke(Instant now, String why) { apply(SessionAction.REVOKE, now, why); }

    /** Only once the deadline has passed; the stored state may still say approved, active, … */
    public void expire(Instant now) {
        check(SessionAction.EXPIRE, now);
        if (effectiveState(now) != SessionState.expired) {
            throw new ProblemException(409, "invalid_transition", "the session is not due to expire");
        }
        boolean missed = startByMissed(now) && (expiresAt == null || now.isBefore(expiresAt));
        enter(SessionAction.EXPIRE, now, missed ? START_BY : SessionAction.EXPIRE.defaultReason());
    }

    /** An approved escalation: the scope in force becomes the union, at the next version; expiry is unchanged. */
    public void widen(Scope added, Instant now) {
        if (!effectiveState(now).live()) {
            throw new ProblemException(409, "session_not_active", "the session is " + effectiveState(now).name());
        }
        scopeVersion = scopeVersion + 1;
        scope = granted().union(added, scopeVersion).toJson();
    }

    /**
     * An approved extension: the end moves later, the scope (and its version) stays as it is. The session must be
     * live, and its whole length ({@code approvedAt} to the new end) may not exceed {@code maxTotal}.
     */
    public void extendTo(Instant newEnd, Instant now, Duration maxTotal) {
        if (!effectiveState(now).live()) {
            throw new ProblemException(409, "session_not_active", "the session is " + effectiveState(now).name());
        }
        if (!newEnd.isAfter(expiresAt)) {
            throw new ProblemException(422, "extension_not_later", "an extension must move the end later");
        }
        if (Duration.between(approvedAt, newEnd).compareTo(maxTotal) > 0) {
            throw new ProblemException(422, "extension_exceeds_maximum",
                    "the session may last at most " + maxTotal.toMinutes() + " minutes in all");
        }
        expiresAt = newEnd;
    }

    /**
     * Applies an action: APPROVE with the default (read-only) terms, EXPIRE only when due, every other
     * action by the table of {@link SessionAction}. {@code why} (may be null) is kept as the end
     * reason of a terminal state.
     */
    public void apply(SessionAction action, Instant now, String why) {
        switch (action) {
            case APPROVE -> approve(ApprovalTerms.readOnlyDefaults(), now);
            case EXPIRE -> expire(now);
            default -> {
                check(action, now);
                if (action == SessionAction.ACTIVATE) {
                    used(now);
                }
                enter(action, now, why == null ? action.defaultReason() : why);
            }
        }
    }

    public Scope requested() {
        return Scope.fromJson(requestedScope);
    }

    /** The scope in force; empty (version 0) before approval. */
    public Scope granted() {
        return scope == null ? Scope.empty() : Scope.fromJson(scope);
    }

    /** Reveals or hides one class in a live (approved or active) session; 409 otherwise or when nothing changes. */
    void changeReveal(DataClass dataClass, boolean show, Instant now) {
        SessionState current = effectiveState(now);
        if (!current.live()) {
            throw new ProblemException(409, "invalid_transition",
                    "data classes can be revealed or hidden only in a live session, not a " + current.name() + " one");
        }
        Set<DataClass> next = EnumSet.noneOf(DataClass.class);
        next.addAll(revealed());
        if (show ? !next.add(dataClass) : !next.remove(dataClass)) {
            throw new ProblemException(409, show ? "already_revealed" : "already_hidden",
                    dataClass.wireName() + (show ? " is already revealed" : " is already hidden"));
        }
        reveal = writeReveal(next);
    }

    public Set<DataClass> revealed() {
        try {
            List<DataClass> classes = JSON.readValue(reveal == null ? "[]" : reveal, DATA_CLASSES);
            return classes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(classes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reveal set is not readable");
        }
    }

    private void check(SessionAction action, Instant now) {
        // Expiry judges the stored state (the effective one already says expired); everything else
        // judges the effective state, so a session past its deadline cannot be approved or resumed.
        SessionState from = action == SessionAction.EXPIRE ? state : effectiveState(now);
        if (!action.allowedFrom(from)) {
            throw new ProblemException(409, "invalid_transition",
                    "a " + from.name() + " session cannot become " + action.target().name());
        }
    }

    private void enter(SessionAction action, Instant now, String why) {
        state = action.target();
        if (state.terminal()) {
            endedAt = now;
            endReason = why;
        }
    }

    private static String writeReveal(Set<DataClass> classes) {
        try {
            return JSON.writeValueAsString(classes.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(classes)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reveal set cannot be written", e);
        }
    }
}
