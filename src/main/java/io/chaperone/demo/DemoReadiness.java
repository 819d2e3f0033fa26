package io.chaperone.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** With demo seeding on, the gateway is ready only once the demo world exists. */
@Readiness
@ApplicationScoped
public class DemoReadiness implements HealthCheck {

    @ConfigProperty(name = "chaperone.demo.seed", defaultValue = "false")
    boolean enabled;
    @Inject
    DemoSeeder seeder;

    @Override
    public HealthCheckResponse call() {
        boolean ready = !enabled || seeder.seeded().isPresent();
        return HealthCheckResponse.named("demo data").status(ready).build();
    }
}
