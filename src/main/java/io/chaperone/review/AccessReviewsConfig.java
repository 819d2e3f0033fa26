package io.chaperone.review;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Access reviews ({@code chaperone.access-reviews.*}, docs/api.md "Access reviews"). */
@ConfigMapping(prefix = "chaperone.access-reviews")
public interface AccessReviewsConfig {

    /** The period one scheduled review covers; a home gets its next one when the last is this old. */
    @WithDefault("PT720H")
    Duration period();

    /** How often the scheduler looks for homes due a review (also read by the @Scheduled expression). */
    @WithName("check-every")
    @WithDefault("1h")
    String checkEvery();

    /** Homes reviewed per scheduler pass; a backlog drains over the next passes. */
    @WithName("batch")
    @WithDefault("100")
    int batch();
}
