package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Scope;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a resident approves. An empty duration means "as requested"; an empty scope means the read-only subset of the
 * request (never a write, reboot or update); the reveal set is empty unless named: the default approval is the
 * narrowest one.
 */
public record ApprovalTerms(Optional<Scope> scope, Optional<Integer> durationMinutes, Set<DataClass> reveal) {

    public ApprovalTerms {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(durationMinutes, "durationMinutes");
        reveal = reveal == null ? Set.of() : Set.copyOf(reveal);
    }

    /**
     * These terms within the session's template: a class the template redacts by default ({@code redactionDefaults},
     * docs/api.md) stays redacted in its sessions, so it is left out of the reveal set whatever the resident named.
     */
    public ApprovalTerms withinTemplate(Set<DataClass> redactedByDefault) {
        Set<DataClass> revealed = EnumSet.noneOf(DataClass.class);
        revealed.addAll(reveal);
        revealed.removeAll(redactedByDefault);
        return new ApprovalTerms(scope, durationMinutes, revealed);
    }

    /** No scope, duration or reveal named: the read-only part of the request, for as long as asked, nothing revealed. */
    public static ApprovalTerms readOnlyDefaults() {
        return new ApprovalTerms(Optional.empty(), Optional.empty(), Set.of());
    }
}
