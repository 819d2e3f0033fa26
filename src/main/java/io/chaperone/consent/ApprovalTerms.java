package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Scope;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a resident approves. An empty duration means "as requested"; an empty scope means the read-only subset of the
 * request (never a write, reboot or update); the reveal set is empty unless named: the default approval is the
 * narrowest one.
 */
public record ApprovalTerms(Optional<Scope> scope, Optional<Integer> durationMinutes, Set<DataClass> reveal,
                            Optional<Duration> startBy) {

    public ApprovalTerms {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(durationMinutes, "durationMinutes");
        reveal = reveal == null ? Set.of() : Set.copyOf(reveal);
        startBy = startBy == null ? Optional.empty() : startBy;
    }

    public ApprovalTerms(Optional<Scope> scope, Optional<Integer> durationMinutes, Set<DataClass> reveal) {
        this(scope, durationMinutes, reveal, Optional.empty());
    }

    /**
     * These terms with the start-by window the approval carries (ADR 0020): the one named, within the configured
     * bounds (422 {@code start_by_out_of_bounds}), else the default.
     */
    public ApprovalTerms withStartBy(Duration defaultWindow, Duration min, Duration max) {
        Duration window = startBy.orElse(defaultWindow);
        if (window.compareTo(min) < 0 || window.compareTo(max) > 0) {
            throw new io.chaperone.web.ProblemException(422, "start_by_out_of_bounds",
                    "startBy must lie between " + min + " and " + max);
        }
        return new ApprovalTerms(scope, durationMinutes, reveal, Optional.of(window));
    }

    /**
     * These terms within the session's template: a class the template redacts by default ({@code redactionDefaults},
     * docs/api.md) stays redacted in its sessions, so it is left out of the reveal set whatever the resident named.
     */
    public ApprovalTerms withinTemplate(Set<DataClass> redactedByDefault) {
        Set<DataClass> revealed = EnumSet.noneOf(DataClass.class);
        revealed.addAll(reveal);
        revealed.removeAll(redactedByDefault);
        return new ApprovalTerms(scope, durationMinutes, revealed, startBy);
    }

    /** No scope, duration or reveal named: the read-only part of the request, for as long as asked, nothing revealed. */
    public static ApprovalTerms readOnlyDefaults() {
        return new ApprovalTerms(Optional.empty(), Optional.empty(), Set.of());
    }
}
