package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Scope;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a resident approves. An empty scope or duration means "as requested"; the reveal set is
 * empty unless named, so the default approval is the narrowest one.
 */
public record ApprovalTerms(Optional<Scope> scope, Optional<Integer> durationMinutes, Set<DataClass> reveal) {

    public ApprovalTerms {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(durationMinutes, "durationMinutes");
        reveal = reveal == null ? Set.of() : Set.copyOf(reveal);
    }

    public static ApprovalTerms asRequested() {
        return new ApprovalTerms(Optional.empty(), Optional.empty(), Set.of());
    }
}
