package io.chaperone.audit;

import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The audit writer's own pool, in tests: through the fault proxy of {@link AuditPoolFaultResource} when a profile
 * starts one ({@link AuditPoolFaultProfile}; the application's pool stays direct, so faults hit only the audit
 * trail), else to the same database as the application's pool, exactly as in production.
 */
public class ProxiedAuditDatabase {

    @Produces
    @Alternative
    @Priority(10)
    @Singleton
    AuditDatabase proxied(Vertx vertx,
                          @ConfigProperty(name = AuditPoolFaultResource.URL) Optional<String> proxied,
                          @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                          @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                          @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                          AuditConfig config) {
        return new AuditDatabase(vertx, proxied.orElse(url), username, password, config);
    }

    void close(@Disposes AuditDatabase database) {
        database.close();
    }
}
