package io.chaperone.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code cluster}: in cluster mode DOWN while the node has no NATS connection (it cannot reach hubs or sessions on
 * other nodes); in single-node mode always UP. Names the node either way.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    @Inject
    ClusterBus bus;

    @Override
    public HealthCheckResponse call() {
        if (!bus.enabled()) {
            return HealthCheckResponse.named("cluster").up().withData("mode", "single-node")
                    .withData("nodeId", bus.nodeId()).build();
        }
        ClusterLink.State state = bus.state();
        return HealthCheckResponse.named("cluster").status(bus.connected())
                .withData("mode", "cluster")
                .withData("nodeId", bus.nodeId())
                .withData("nats", state == null ? "connecting" : state.name().toLowerCase())
                .build();
    }
}
