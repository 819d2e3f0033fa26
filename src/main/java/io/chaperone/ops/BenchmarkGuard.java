package io.chaperone.ops;

import java.util.List;

/**
 * Benchmark-only switches (load-tests/) turn a protection off to measure its cost. A gateway outside the
 * development profiles ({@link DevelopmentProfiles}) refuses to start with any of them off: a copied benchmark
 * configuration must not reach users.
 */
public final class BenchmarkGuard {

    private BenchmarkGuard() {
    }

    /** Throws when {@code allOn} is false outside a development profile; {@code switches} names them in the message. */
    public static void refuseOutsideDevelopment(List<String> profiles, boolean allOn, String switches) {
        if (!allOn && !DevelopmentProfiles.development(profiles)) {
            throw new IllegalStateException("refusing to start: " + switches + " switches a protection off in profile "
                    + profiles + " (allowed only with " + DevelopmentProfiles.DEVELOPMENT + ")");
        }
    }
}
