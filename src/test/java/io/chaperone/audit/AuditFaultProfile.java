package io.chaperone.audit;

import io.chaperone.support.DatabaseFaultResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The writer behind a breakable TCP proxy, with bounds small enough to reach in a test. */
public class AuditFaultProfile implements QuarkusTestProfile {

    public static final int C2_CAPACITY = 200;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "chaperone.audit.c2-capacity", String.valueOf(C2_CAPACITY),
                "chaperone.audit.outage-after", "1s",
                "chaperone.audit.statement-timeout", "3s",
                "chaperone.audit.drain-timeout", "2s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DatabaseFaultResource.class));
    }
}
