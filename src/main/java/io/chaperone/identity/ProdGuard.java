package io.chaperone.identity;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/** Refuses to start the gateway in the prod profile while the development issuer is enabled. */
@ApplicationScoped
public class ProdGuard {

    @ConfigProperty(name = "chaperone.dev-issuer.enabled")
    boolean devIssuerEnabled;

    void onStart(@Observes StartupEvent event) {
        check(ConfigUtils.getProfiles(), LaunchMode.current(), devIssuerEnabled);
    }

    static void check(List<String> profiles, LaunchMode mode, boolean devIssuerEnabled) {
        if (devIssuerEnabled && mode == LaunchMode.NORMAL && profiles.contains("prod")) {
            throw new IllegalStateException(
                    "refusing to start: chaperone.dev-issuer.enabled=true in the prod profile");
        }
    }
}
