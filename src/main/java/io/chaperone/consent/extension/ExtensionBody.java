package io.chaperone.consent.extension;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** {@code POST /sessions/{id}/extensions}: how many more minutes and why (bounded by {@link ExtensionsConfig}). */
public record ExtensionBody(@NotNull @Positive Integer minutes, @NotBlank @Size(max = 500) String reason) {
}
