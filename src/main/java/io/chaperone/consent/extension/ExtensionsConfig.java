package io.chaperone.consent.extension;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Bounds of extensions ({@code chaperone.extensions.*}, docs/api.md "Extensions"). */
@ConfigMapping(prefix = "chaperone.extensions")
public interface ExtensionsConfig {

    /** The most minutes one extension may ask for. */
    @WithName("max-minutes")
    @WithDefault("60")
    int maxMinutes();

    /**
     * The longest a session may last in all, from approval to its (extended) end; the global maximum of
     * {@code chaperone.consent.global-max-duration} caps it too.
     */
    @WithName("max-total-duration")
    @WithDefault("PT4H")
    Duration maxTotalDuration();
}
