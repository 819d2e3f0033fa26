package io.chaperone.consent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /sessions/{id}/escalations}: the grants to add and why. */
public record EscalationBody(@NotNull @Valid ScopeBody scope, @NotBlank @Size(max = 500) String reason) {
}
