package io.chaperone.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Cluster mode (docs/cluster.md, docs/operations.md "Cluster"). Off by default: a single node opens no NATS
 * connection and keeps hub presence in memory.
 */
@ConfigMapping(prefix = "chaperone.cluster")
public interface ClusterConfig {

    @WithDefault("false")
    boolean enabled();

    /**
     * This process's name among the nodes (letters, digits, '-', '_'; it becomes part of NATS subjects). Unset:
     * the host name plus a random suffix, new at every start, so a restarted pod never inherits a dead one's leases.
     */
    Optional<String> nodeId();

    /** One or more NATS servers, comma-separated (nats://host:port). */
    @WithDefault("nats://127.0.0.1:4222")
    String natsUrl();

    /**
     * First token of every subject this gateway uses ({@code <prefix>.hub.<id>}, ...): several deployments can share
     * one NATS without hearing each other.
     */
    @WithDefault("chaperone")
    String subjectPrefix();

    /** One attempt to reach a server. */
    @WithDefault("PT2S")
    Duration connectTimeout();

    /** Default bound of a request/reply when the caller gives none. */
    @WithDefault("PT2S")
    Duration requestTimeout();

    /** Pause between reconnect attempts (plus jitter); the client retries forever. */
    @WithDefault("PT0.5S")
    Duration reconnectWait();

    @WithDefault("PT0.5S")
    Duration reconnectJitter();

    /** How long shutdown waits for in-flight messages to be delivered before the connection is closed. */
    @WithDefault("PT5S")
    Duration drainTimeout();

    /** Hub presence leases in PostgreSQL (cluster mode only). */
    Presence presence();

    interface Presence {

        /** A hub's lease lasts this long past its last renewal: the longest a dead node stays a hub's owner. */
        @WithDefault("PT15S")
        Duration leaseDuration();

        /** How often a node renews all its leases, in one statement. Must be well under the lease duration. */
        @WithDefault("PT5S")
        Duration renewInterval();
    }
}
