package io.chaperone.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The cluster change feed (ADR 0018, docs/cluster.md): PostgreSQL LISTEN/NOTIFY on one dedicated connection that
 * carries revocations, suspensions, ends, grant swaps, hub removals and key destruction to every node.
 */
@ConfigMapping(prefix = "chaperone.cluster")
public interface FeedConfig {

    /** Whether this node listens; on by default exactly when the cluster is (a single node has nothing to miss). */
    @WithDefault("${chaperone.cluster.enabled:false}")
    boolean revocationFeedEnabled();

    /**
     * How long the node may go without confirming the revocation state (its own heartbeat came back over the feed,
     * or a re-read after a reconnect finished) before it fails closed: live sessions shut with 4005, technician
     * upgrades refused with 503, readiness DOWN.
     */
    @WithDefault("PT5S")
    Duration revocationFeedBound();

    /** How often the node sends its heartbeat through the feed; well below the bound. */
    @WithDefault("PT1S")
    Duration revocationFeedHeartbeat();

    /** The pause before each attempt to re-establish the feed connection. */
    @WithDefault("PT0.5S")
    Duration revocationFeedReconnect();

    /**
     * The PostgreSQL the feed listens on ({@code postgresql://host:port/db}); default: the reactive datasource's URL.
     * Set it to the server itself when the pool goes through a pooler in transaction mode (which cannot LISTEN).
     */
    Optional<String> revocationFeedUrl();

    default void validate() {
        if (revocationFeedBound().isNegative() || revocationFeedBound().isZero()) {
            throw new IllegalArgumentException("chaperone.cluster.revocation-feed-bound must be positive");
        }
        if (revocationFeedHeartbeat().compareTo(revocationFeedBound()) >= 0 || revocationFeedHeartbeat().isZero()) {
            throw new IllegalArgumentException(
                    "chaperone.cluster.revocation-feed-heartbeat must be positive and below the bound");
        }
    }
}
