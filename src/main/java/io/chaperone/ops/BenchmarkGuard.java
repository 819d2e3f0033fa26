package io.chaperone.ops;

import io.quarkus.runtime.LaunchMode;

import java.util.List;

/**
 * Benchmark-only switches (load-tests/) turn a protection off to measure its cost. A packaged gateway in the
 * prod profile refuses to start with any of them off: a copied benchmark configuration must not reach users.
 */
public final class BenchmarkGuard {

    private BenchmarkGuard() {
    }

    /** Throws when {@code allOn} is false in a packaged prod run; {@code switches} names them in the message. */
    public static void refuseInProd(List<String> profiles, LaunchMode mode, boolean allOn, String switches) {
        if (!allOn && mode == LaunchMode.NORMAL && profiles.contains("prod")) {
            throw new IllegalStateException("refusing to start: " + switches + " switches a protection off in the prod profile");
        }
    }
}
