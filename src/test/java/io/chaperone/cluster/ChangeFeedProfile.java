package io.chaperone.cluster;

import io.chaperone.support.DatabaseFaultResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The change feed on, its dedicated connection through a fault proxy (the pool and Flyway connect directly). */
public class ChangeFeedProfile implements QuarkusTestProfile {

    public static final long BOUND_MILLIS = 6_000;
    public static final long HEARTBEAT_MILLIS = 200;

    /** Points only the feed's LISTEN connection at the proxy. */
    public static class FeedProxy extends DatabaseFaultResource {
        @Override
        protected Map<String, String> pointAt(String url) {
            return Map.of("chaperone.cluster.revocation-feed-url", url);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "chaperone.cluster.revocation-feed-enabled", "true",
                "chaperone.cluster.revocation-feed-bound", "PT" + BOUND_MILLIS / 1000.0 + "S",
                "%test.chaperone.cluster.revocation-feed-bound", "PT" + BOUND_MILLIS / 1000.0 + "S",
                "chaperone.cluster.revocation-feed-heartbeat", "PT" + HEARTBEAT_MILLIS / 1000.0 + "S",
                "%test.chaperone.cluster.revocation-feed-heartbeat", "PT" + HEARTBEAT_MILLIS / 1000.0 + "S",
                // The fail-closed tests keep a technician waiting past the bound; the 3 s read-idle cut must not win.
                "chaperone.relay.read-idle-timeout", "60s",
                "%test.chaperone.relay.read-idle-timeout", "60s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FeedProxy.class));
    }
}
