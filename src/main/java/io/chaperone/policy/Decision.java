package io.chaperone.policy;

/**
 * The verdict on one frame. Both variants are constants ({@link #ALLOW}, {@link DenyReason#decision()}),
 * so the per-frame path never allocates a decision and decisions can be compared with {@code ==}.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

    Allow ALLOW = Allow.INSTANCE;

    static Deny deny(DenyReason reason) {
        return reason.decision();
    }

    boolean allowed();

    /** The frame may pass. */
    final class Allow implements Decision {
        private static final Allow INSTANCE = new Allow();

        private Allow() {
        }

        @Override
        public boolean allowed() { return true; }

        @Override
        public String toString() { return "Allow"; }
    }

    /** The frame is refused for {@link #reason()}. One instance per reason, created by {@link DenyReason}. */
    final class Deny implements Decision {
        private final DenyReason reason;

        Deny(DenyReason reason) {
            this.reason = reason;
        }

        public DenyReason reason() { return reason; }

        @Override
        public boolean allowed() { return false; }

        @Override
        public String toString() { return "Deny(" + reason.code() + ")"; }
    }
}
