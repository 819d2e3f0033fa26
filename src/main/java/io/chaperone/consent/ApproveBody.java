package io.chaperone.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.chaperone.policy.DataClass;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /sessions/{id}/approve}: every field optional; an omitted scope approves only the request's read-only
 * operations, an omitted duration the requested one, an omitted reveal nothing.
 * {@code privacyNoticeVersion} is the notice the resident was shown (default: the current one); {@code startBy} (an
 * ISO-8601 duration) how long the technician has to connect for the first time (default and bounds: ADR 0020).
 */
public record ApproveBody(@Positive Integer durationMinutes, @Valid ScopeBody scope, Set<@NotNull DataClass> reveal,
                          @Size(max = 64) String privacyNoticeVersion, Duration startBy,
                          @JsonProperty("authorization_details") JsonNode authorizationDetails) {

    /**
     * The terms of this body: the native fields, or RFC 9396 {@code authorization_details} (docs/api.md), never both
     * (422 {@code authorization_details_conflict}): the two forms give exactly the same grant.
     */
    ApprovalTerms terms(java.util.UUID sessionId) {
        if (authorizationDetails == null || authorizationDetails.isNull()) {
            return terms();
        }
        if (durationMinutes != null || scope != null || reveal != null || startBy != null) {
            throw new io.chaperone.web.ProblemException(422, "authorization_details_conflict",
                    "give either authorization_details or scope, durationMinutes, reveal and startBy, not both");
        }
        var parsed = io.chaperone.household.AuthorizationDetails.parse(authorizationDetails, sessionId);
        return new ApprovalTerms(Optional.of(parsed.scope()), parsed.durationMinutes(), parsed.reveal(), parsed.startBy());
    }

    ApprovalTerms terms() {
        return new ApprovalTerms(Optional.ofNullable(scope).map(ScopeBody::toScope), Optional.ofNullable(durationMinutes),
                reveal == null ? Set.of() : reveal, Optional.ofNullable(startBy));
    }
}
