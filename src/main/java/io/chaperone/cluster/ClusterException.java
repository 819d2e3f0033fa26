package io.chaperone.cluster;

/** A bus operation that could not be done; {@link #code()} is stable (docs/cluster.md). */
public final class ClusterException extends RuntimeException {

    public enum Code {
        /** Cluster mode is off: there is no bus. */
        DISABLED("cluster_disabled"),
        /** The node has no NATS connection at the moment (it keeps reconnecting). */
        NOT_CONNECTED("cluster_not_connected"),
        /** A request found no subscriber of its subject. */
        NO_RESPONDERS("cluster_no_responders"),
        /** A request got no reply within its timeout. */
        TIMEOUT("cluster_timeout");

        private final String wire;

        Code(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final Code code;

    ClusterException(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
