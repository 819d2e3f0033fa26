package io.chaperone.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The production setting the test profile relaxes: every connect ticket must be key-bound. */
public class KeyBindingRequiredProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chaperone.tickets.require-key-binding", "true");
    }
}
