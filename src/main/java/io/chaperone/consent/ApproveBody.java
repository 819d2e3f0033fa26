package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /sessions/{id}/approve}: every field optional; omitted means as requested, and reveal nothing.
 * {@code privacyNoticeVersion} is the notice the resident was shown (default: the current one); {@code startBy} (an
 * ISO-8601 duration) how long the technician has to connect for the first time (default and bounds: ADR 0020).
 */
public record ApproveBody(@Positive Integer durationMinutes, @Valid ScopeBody scope, Set<@NotNull DataClass> reveal,
                          @Size(max = 64) String privacyNoticeVersion, Duration startBy) {

    ApprovalTerms terms() {
        return new ApprovalTerms(Optional.ofNullable(scope).map(ScopeBody::toScope), Optional.ofNullable(durationMinutes),
                reveal == null ? Set.of() : reveal, Optional.ofNullable(startBy));
    }
}
