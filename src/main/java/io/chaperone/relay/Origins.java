package io.chaperone.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/** The exact-match Origin allow-list of the browser-facing legs; missing and {@code null} never pass. */
@ApplicationScoped
public class Origins {

    private final Set<String> allowed;

    @Inject
    Origins(RelayConfig config) {
        this.allowed = Set.copyOf(config.allowedOrigins());
    }

    public boolean allows(String origin) {
        return origin != null && !origin.isEmpty() && !"null".equals(origin) && allowed.contains(origin);
    }
}
