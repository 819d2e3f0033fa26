package io.chaperone.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The test app in cluster mode on a private NATS ({@link PrivateNatsResource}), with short presence leases. */
public class ClusterModeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // Cluster mode starts only on shared key material (SharedKeysGuard, ADR 0019): one directory, as in a cluster.
        java.nio.file.Path keys = sharedKeys();
        return Map.of("chaperone.cluster.presence.lease-duration", "PT2S",
                "chaperone.cluster.presence.renew-interval", "PT0.5S",
                "chaperone.keys.signing-keys-location", keys.resolve(io.chaperone.admin.KeyMaterialDirectory.SIGNING_KEYS).toString(),
                "chaperone.audit.checkpoint-key-location", keys.resolve(io.chaperone.admin.KeyMaterialDirectory.CHECKPOINT_KEY).toString());
    }

    private static java.nio.file.Path sharedKeys() {
        try {
            java.nio.file.Path keys = java.nio.file.Files.createTempDirectory("chaperone-cluster-test-keys-").resolve("keys");
            new io.chaperone.admin.KeyMaterialDirectory(keys, java.time.Clock.systemUTC()).init(List.of("localhost", "127.0.0.1"));
            return keys;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateNatsResource.class));
    }
}
