package io.chaperone.trust;

import io.chaperone.audit.AuditConfig;
import io.chaperone.cluster.ClusterConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cluster mode refuses to start with generated keys (ADR 0019): every node would sign connect tickets and checkpoints
 * with keys of its own, so a ticket issued on one node would not redeem on another and the nodes would publish
 * different JWKS. The shared store is the mounted key material ({@code chaperone.keys.signing-keys-location},
 * {@code chaperone.audit.checkpoint-key-location}; docs/kubernetes.md), which every node reads and re-reads.
 */
@ApplicationScoped
public class SharedKeysGuard {

    @Inject
    ClusterConfig cluster;
    @Inject
    KeysConfig keys;
    @Inject
    AuditConfig audit;

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        problem(cluster.enabled(), keys.signingKeysLocation(), audit.checkpointKeyLocation()).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    /** Why this configuration may not start, if it may not. */
    static Optional<String> problem(boolean clustered, Optional<String> signingKeys, Optional<String> checkpointKey) {
        if (!clustered) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (signingKeys.filter(s -> !s.isBlank()).isEmpty()) {
            missing.add("chaperone.keys.signing-keys-location");
        }
        if (checkpointKey.filter(s -> !s.isBlank()).isEmpty()) {
            missing.add("chaperone.audit.checkpoint-key-location");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("cluster mode (chaperone.cluster.enabled=true) needs the "
                + "key material every node shares: set " + String.join(" and ", missing) + " (docs/cluster.md \"Keys\"; "
                + "generated keys would differ per node)");
    }
}
