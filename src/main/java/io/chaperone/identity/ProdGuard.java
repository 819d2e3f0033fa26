package io.chaperone.identity;

import io.chaperone.ops.DevelopmentProfiles;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.util.List;

/**
 * Refuses to start the gateway outside the development profiles ({@link DevelopmentProfiles}: demo, dev, test)
 * while the development issuer or Flyway's clean-at-start is on. It runs as Flyway is configured, which is before
 * the migration (and a clean) at start and before any endpoint serves, so a refused start has touched nothing.
 */
@ApplicationScoped
public class ProdGuard implements FlywayConfigurationCustomizer {

    @ConfigProperty(name = "chaperone.dev-issuer.enabled")
    boolean devIssuerEnabled;
    @ConfigProperty(name = "quarkus.flyway.clean-at-start", defaultValue = "false")
    boolean cleanAtStart;

    /** Also where no migration runs at start: the development issuer never serves outside development. */
    void onStart(@Observes StartupEvent event) {
        check(ConfigUtils.getProfiles(), devIssuerEnabled, cleanAtStart);
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        check(ConfigUtils.getProfiles(), devIssuerEnabled, cleanAtStart);
    }

    static void check(List<String> profiles, boolean devIssuerEnabled, boolean cleanAtStart) {
        if (DevelopmentProfiles.development(profiles)) {
            return;
        }
        if (devIssuerEnabled) {
            throw refusal("chaperone.dev-issuer.enabled=true", profiles);
        }
        if (cleanAtStart) {
            throw refusal("quarkus.flyway.clean-at-start=true", profiles);
        }
    }

    private static IllegalStateException refusal(String setting, List<String> profiles) {
        return new IllegalStateException("refusing to start: " + setting + " in profile " + profiles
                + " (allowed only with " + DevelopmentProfiles.DEVELOPMENT + ")");
    }
}
