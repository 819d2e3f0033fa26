package io.chaperone.audit;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * Faults on the audit pool only (a slow or unreachable audit trail), with bounds that let a ~1 s round trip
 * commit and a cut one time out within a test.
 */
public class AuditPoolFaultProfile implements QuarkusTestProfile {

    public static final int COMMIT_TIMEOUT_SECONDS = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "chaperone.audit.commit-timeout", COMMIT_TIMEOUT_SECONDS + "s",
                "chaperone.audit.statement-timeout", "10s",
                "chaperone.audit.outage-after", "60s",
                "chaperone.audit.drain-timeout", "2s",
                // A revoke may wait for the whole commit bound; the test profile's 3 s read-idle cut would end it first.
                "chaperone.relay.read-idle-timeout", "60s",
                "%test.chaperone.relay.read-idle-timeout", "60s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AuditPoolFaultResource.class));
    }
}
