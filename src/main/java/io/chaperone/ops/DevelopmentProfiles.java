package io.chaperone.ops;

import java.util.List;
import java.util.Set;

/**
 * The one rule for switches that must never reach users (the development issuer, Flyway's clean-at-start, the
 * benchmark switches): they are allowed only in a run whose active profiles include {@code demo}, {@code dev} or
 * {@code test}. Every other profile ({@code prod}, {@code staging}, {@code bench} alone, ...) refuses them.
 */
public final class DevelopmentProfiles {

    public static final Set<String> DEVELOPMENT = Set.of("demo", "dev", "test");

    private DevelopmentProfiles() {
    }

    public static boolean development(List<String> profiles) {
        return profiles.stream().anyMatch(DEVELOPMENT::contains);
    }
}
