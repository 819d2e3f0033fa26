package io.chaperone.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code audit-writer}: DOWN while the database does not commit or the C2 buffer is above 90 %. */
@Readiness
@ApplicationScoped
public class AuditReadiness implements HealthCheck {

    @Inject
    AuditWriter writer;

    @Override
    public HealthCheckResponse call() {
        boolean nearlyFull = writer.bufferedC2() * 10L > writer.c2Capacity() * 9L;
        return HealthCheckResponse.named("audit-writer")
                .status(writer.healthy() && !nearlyFull)
                .withData("queueDepth", writer.queueDepth())
                .withData("bufferedC2", writer.bufferedC2())
                .build();
    }
}
