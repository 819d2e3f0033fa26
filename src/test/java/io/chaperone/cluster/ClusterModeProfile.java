package io.chaperone.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** The test app in cluster mode on a private NATS ({@link PrivateNatsResource}). */
public class ClusterModeProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateNatsResource.class));
    }
}
