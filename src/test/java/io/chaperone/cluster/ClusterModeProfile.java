package io.chaperone.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The test app in cluster mode on a private NATS ({@link PrivateNatsResource}), with short presence leases. */
public class ClusterModeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chaperone.cluster.presence.lease-duration", "PT2S",
                "chaperone.cluster.presence.renew-interval", "PT0.5S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateNatsResource.class));
    }
}
