package io.chaperone.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chaperone.household.AuthorizationDetails;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Scope;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /sessions/{id}}: a session as its parties see it. {@code state} is the effective state
 * (expired as soon as the deadline passes); {@code scope} is the scope in force with its version
 * (version 0, no grants, before approval); {@code devices} are those the scope names.
 */
public record SessionView(UUID id, UUID ticketId, UUID homeId, UUID hubId, UUID templateId, Integer templateVersion,
                          UUID technicianId,
                          SessionState state, String reason,
                          Scope requestedScope, int requestedDurationMinutes,
                          Scope scope, Integer durationMinutes, Set<DataClass> reveal,
                          Instant requestedAt, Instant requestExpiresAt, Instant approvedAt, Instant expiresAt,
                          Instant endedAt, String endReason,
                          List<DeviceView> devices, List<EscalationView> escalations, RequestExplained request,
                          Instant startBy,
                          @JsonProperty("authorization_details") List<AuthorizationDetails.Entry> authorizationDetails,
                          @JsonProperty("granted_authorization_details")
                          List<AuthorizationDetails.Entry> grantedAuthorizationDetails) {

    /** A device named by the scope, as the hub last reported it ({@code status} "unknown" if it no longer does). */
    public record DeviceView(String id, String kind, String model, String status) {
    }

    public record EscalationView(UUID id, Escalation.State state, Scope scope, String reason, Instant requestedAt,
                                 Instant decidedAt) {
        static EscalationView of(Escalation e) {
            return new EscalationView(e.id, e.state, e.added(), e.reason, e.requestedAt, e.decidedAt);
        }
    }

    /** One line of {@code GET /sessions}; {@code endedAt}/{@code endReason} say how an ended session ended. */
    public record Summary(UUID id, UUID ticketId, UUID homeId, UUID hubId, UUID technicianId, UUID templateId,
                          SessionState state, int scopeVersion, Instant requestedAt, Instant expiresAt, Instant endedAt,
                          String endReason) {
        static Summary of(SupportSession s, Instant now) {
            return new Summary(s.id, s.ticketId, s.homeId, s.hubId, s.technicianId, s.templateId, s.effectiveState(now),
                    s.scopeVersion, s.requestedAt, s.expiresAt, s.endedAt, s.endReason);
        }
    }

    /**
     * {@code authorization_details}: the request in RFC 9396 form (with the default start-by an approval would get);
     * {@code granted_authorization_details}: the grant in force, empty before approval (docs/api.md).
     */
    static SessionView of(SupportSession s, Instant now, List<DeviceView> devices, List<EscalationView> escalations,
                          RequestExplained request, Duration defaultStartBy) {
        Duration grantedStartBy = s.startBy == null || s.approvedAt == null ? null : Duration.between(s.approvedAt, s.startBy);
        var requested = AuthorizationDetails.render(s.requested(), s.requestedDurationMinutes, Set.of(), defaultStartBy, s.id);
        var granted = AuthorizationDetails.render(s.granted(), s.durationMinutes, s.revealed(), grantedStartBy, s.id);
        return new SessionView(s.id, s.ticketId, s.homeId, s.hubId, s.templateId, s.templateVersion, s.technicianId, s.effectiveState(now),
                s.reason, s.requested(), s.requestedDurationMinutes, s.granted(), s.durationMinutes, s.revealed(),
                s.requestedAt, s.requestExpiresAt, s.approvedAt, s.expiresAt, s.endedAt, s.endReason, devices, escalations,
                request, s.startBy, requested, granted);
    }
}
