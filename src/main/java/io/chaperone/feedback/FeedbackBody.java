package io.chaperone.feedback;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/sessions/{id}/feedback}: a rating 1–5 and an optional comment. */
public record FeedbackBody(@NotNull @Min(1) @Max(5) Integer rating, @Size(max = 1000) String comment) {
}
