package io.chaperone.ops.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** The ops live feed ({@code chaperone.ops.live.*}, docs/operations.md "Ops dashboard"). */
@ConfigMapping(prefix = "chaperone.ops.live")
public interface OpsLiveConfig {

    /** How often each node samples its meters, publishes its sample and sends a snapshot to its ops sockets. */
    @WithDefault("PT1S")
    Duration interval();

    /** Open ops feed sockets per node; one more is refused with 429 (each costs a frame per interval). */
    @WithName("max-sockets")
    @WithDefault("50")
    int maxSockets();
}
