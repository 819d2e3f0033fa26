package io.chaperone.ops;

import io.chaperone.trust.GatewayKeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code key-material}: DOWN until the gateway's signing key ring has a current key (no ticket can be signed). */
@Readiness
@ApplicationScoped
public class KeyMaterialReadiness implements HealthCheck {

    @Inject
    GatewayKeyRing keys;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("key-material").status(keys.hasCurrentKey()).build();
    }
}
