package io.chaperone.signin;

import io.chaperone.identity.DevIssuer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Base64;

/** Refuses to start with OIDC sign-in enabled but half configured, rather than failing at the first sign-in. */
@ApplicationScoped
public class OidcStartupCheck {

    void check(@Observes StartupEvent event, OidcConfig config, DevIssuer devIssuer) {
        if (!config.enabled()) {
            return;
        }
        if (config.issuer().isEmpty() || config.clientId().isEmpty() || config.clientSecret().isEmpty()) {
            throw new IllegalStateException("chaperone.oidc.enabled needs chaperone.oidc.issuer, client-id and client-secret");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(config.stateKey().orElse(""));
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length < 32) {
            throw new IllegalStateException("chaperone.oidc.state-key must be base64 of at least 32 random bytes");
        }
        if (devIssuer.enabled()) {
            // the development issuer's verifier pins its own key, so provider tokens would never verify
            throw new IllegalStateException("chaperone.oidc.enabled and chaperone.dev-issuer.enabled exclude each other");
        }
    }
}
