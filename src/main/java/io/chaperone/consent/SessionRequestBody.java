package io.chaperone.consent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** {@code POST /sessions}: a technician asks for access. An omitted scope means everything the template allows on the hub. */
public record SessionRequestBody(@NotNull UUID ticketId, @NotNull UUID hubId, @NotNull UUID templateId,
                                 @Valid ScopeBody scope, @NotNull @Positive Integer durationMinutes,
                                 @NotBlank @Size(max = 500) String reason) {
}
