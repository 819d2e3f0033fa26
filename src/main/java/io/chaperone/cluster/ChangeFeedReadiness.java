package io.chaperone.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code revocation-feed}: DOWN while the node cannot confirm the revocation state beyond the bound (it fails
 * closed then, ADR 0018); UP with {@code mode=off} on a single node, where the feed does not run.
 */
@Readiness
@ApplicationScoped
public class ChangeFeedReadiness implements HealthCheck {

    @Inject
    ChangeFeed feed;

    @Override
    public HealthCheckResponse call() {
        if (!feed.enabled()) {
            return HealthCheckResponse.named("revocation-feed").up().withData("mode", "off").build();
        }
        return HealthCheckResponse.named("revocation-feed").status(feed.confirmed())
                .withData("mode", "listen")
                .withData("unconfirmedMillis", feed.unconfirmedMillis())
                .build();
    }
}
