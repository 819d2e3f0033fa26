package io.chaperone.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Settings of the two WebSocket legs (docs/operations.md). */
@ConfigMapping(prefix = "chaperone.relay")
public interface RelayConfig {

    /** Exact browser origins allowed to open technician and activity sockets; no wildcards. */
    List<String> allowedOrigins();

    /** Sends queued to one peer and not yet written before it is closed as a slow consumer. */
    @WithDefault("256")
    int maxPendingSends();

    /** The same bound for a hub's connection, which carries the commands of all its sessions. */
    @WithDefault("4096")
    int maxPendingHubSends();

    /**
     * Invalid frames a peer may send (within {@link #abuseWindow()}) before it is closed with 1008; a technician's
     * denied commands count too, and the count is kept per session across reconnects.
     */
    @WithDefault("10")
    int abuseLimit();

    @WithDefault("PT1M")
    Duration abuseWindow();

    /** Denied commands of one session with an audit row each per abuse window; the rest go into one summary row. */
    @WithDefault("20")
    int deniedRowsPerWindow();

    /**
     * A peer that sends no whole message and no pong for this long is closed with 1001 ({@link ReadIdleWatch}); a hub
     * is then marked offline.
     */
    @WithDefault("PT90S")
    Duration readIdleTimeout();

    /** How long a technician may stay connected while the session's hub is offline before 4006. */
    @WithDefault("PT60S")
    Duration hubOfflineGrace();

    /** When the technician is warned before expiry. */
    @WithDefault("PT5M,PT1M")
    List<Duration> expiryWarnings();

    /**
     * The TLS engine of the hubs' mTLS listener: {@code jdk} (default) or {@code openssl} (BoringSSL from
     * netty-tcnative, bundled for linux-x86_64; the node refuses to start when it cannot load it). {@link HubTlsEngine}.
     */
    @WithDefault("jdk")
    HubTlsEngine.Engine hubTlsEngine();

    /** Benchmark-only switches (load-tests/): the gateway refuses to start with either off outside demo/dev/test. */
    Benchmark benchmark();

    interface Benchmark {

        /** Off: commands skip the frame policy and hub output skips redaction (scenario 01). */
        @WithDefault("true")
        boolean policyEnabled();

        /** Off: commands and hub output are relayed without audit records (scenarios 01, 02). */
        @WithDefault("true")
        boolean auditEnabled();
    }

    /**
     * How long a system command (CommandGate#system) waits for the hub's result before it reports the command as
     * forwarded but unanswered; also the life of the capability of its own hub session.
     */
    @WithDefault("PT10S")
    Duration systemCommandTimeout();

    /** Cross-node routing in cluster mode (docs/adr/0015, docs/cluster.md). */
    Cluster cluster();

    interface Cluster {

        /** How often a hub's node repeats its view of the hub; a view three intervals old counts as offline. */
        @WithDefault("PT1S")
        Duration viewInterval();

        /** One attempt of a cross-node message before it is sent again (the receiver drops a redelivery). */
        @WithDefault("PT1S")
        Duration attemptTimeout();

        /**
         * How long a cross-node message is retried (NATS down, no receiver) before its stream gives up on it; longer
         * than an attestation's nonce lifetime, since a session open waits for one.
         */
        @WithDefault("PT45S")
        Duration giveUpAfter();

        /**
         * How often a node repeats which homes it has live-feed watchers of ({@code <prefix>.feeds.interest}); an
         * announcement not repeated within three intervals no longer counts (the node died), so its homes' frames
         * stop being published for it.
         */
        @WithDefault("PT5S")
        Duration feedInterestRefresh();
    }
}
