package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.util.Optional;
import java.util.Set;

/** {@code POST /sessions/{id}/approve}: every field optional; omitted means as requested, and reveal nothing. */
public record ApproveBody(@Positive Integer durationMinutes, @Valid ScopeBody scope, Set<@NotNull DataClass> reveal) {

    ApprovalTerms terms() {
        return new ApprovalTerms(Optional.ofNullable(scope).map(ScopeBody::toScope), Optional.ofNullable(durationMinutes),
                reveal == null ? Set.of() : reveal);
    }
}
