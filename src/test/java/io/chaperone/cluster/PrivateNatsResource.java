package io.chaperone.cluster;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * Cluster mode on against a {@link PrivateNats} (injected into test fields of that type), with a subject prefix of
 * the test's own. Use through a {@code QuarkusTestProfile} whose {@code testResources()} names this class.
 */
public class PrivateNatsResource implements QuarkusTestResourceLifecycleManager {

    private PrivateNats nats;

    @Override
    public Map<String, String> start() {
        nats = new PrivateNats().start();
        return Map.of("chaperone.cluster.enabled", "true",
                "chaperone.cluster.nats-url", nats.url(),
                "chaperone.cluster.node-id", "test-node-1",
                "chaperone.cluster.subject-prefix", "t" + UUID.randomUUID().toString().substring(0, 8),
                "chaperone.cluster.reconnect-wait", "PT0.1S",
                "chaperone.cluster.reconnect-jitter", "PT0.1S");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(nats, new TestInjector.MatchesType(PrivateNats.class));
    }

    @Override
    public void stop() {
        if (nats != null) {
            nats.close();
        }
    }
}
