package io.chaperone.cluster;

import java.time.Instant;

/**
 * A change of this node's link to NATS, fired as a CDI event on a Vert.x event loop (observers must not block) and
 * given to {@link ClusterBus#onLink} callbacks. After {@link State#RECONNECTED} a node may have missed messages
 * published while it was away: re-read from PostgreSQL what matters.
 */
public record ClusterLink(State state, Instant at) {

    public enum State {
        CONNECTED, DISCONNECTED, RECONNECTED, CLOSED;

        public boolean up() {
            return this == CONNECTED || this == RECONNECTED;
        }
    }
}
