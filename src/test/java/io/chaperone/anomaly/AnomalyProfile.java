package io.chaperone.anomaly;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The test suite with anomaly detection on, at its documented default thresholds (quiet hours off: any hour). */
public class AnomalyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chaperone.anomaly.enabled", "true");
    }
}
