package io.chaperone.consent;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * What ops asks for when defining a session template. Operations and data classes arrive as their
 * wire names and are judged by {@link SessionTemplate#define} so unknown ones get their own codes.
 * {@code redactionDefaults} may be omitted: then every data class is redacted by default. {@code owner} and
 * {@code reviewBy} are optional.
 */
public record SessionTemplateSpec(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotEmpty @Size(max = 32) List<@NotBlank @Size(max = 64) String> ops,
        @NotEmpty @Size(max = 64) List<@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String> deviceKinds,
        @NotNull Integer maxDurationMinutes,
        @Size(max = 16) List<@NotBlank @Size(max = 64) String> redactionDefaults,
        @NotNull @Positive @Max(10_000) Integer expectedCommandRate,
        @Size(max = 200) String owner,
        java.time.Instant reviewBy) {

    /** A spec without owner and review-by date. */
    public SessionTemplateSpec(String name, String description, List<String> ops, List<String> deviceKinds,
                               Integer maxDurationMinutes, List<String> redactionDefaults, Integer expectedCommandRate) {
        this(name, description, ops, deviceKinds, maxDurationMinutes, redactionDefaults, expectedCommandRate, null, null);
    }
}
