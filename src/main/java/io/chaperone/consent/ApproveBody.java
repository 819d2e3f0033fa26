package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /sessions/{id}/approve}: every field optional; an omitted scope approves only the request's read-only
 * operations, an omitted duration the requested one, an omitted reveal nothing.
 * {@code privacyNoticeVersion} is the notice the resident was shown (default: the current one).
 */
public record ApproveBody(@Positive Integer durationMinutes, @Valid ScopeBody scope, Set<@NotNull DataClass> reveal,
                          @Size(max = 64) String privacyNoticeVersion) {

    ApprovalTerms terms() {
        return new ApprovalTerms(Optional.ofNullable(scope).map(ScopeBody::toScope), Optional.ofNullable(durationMinutes),
                reveal == null ? Set.of() : reveal);
    }
}
