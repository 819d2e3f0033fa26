package io.chaperone.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** {@code chaperone.report.*} (docs/operations.md). */
@ConfigMapping(prefix = "chaperone.report")
public interface ReportConfig {

    /**
     * How long after a terminal state the report waits before it is built, so the close of the technician's socket
     * ({@code session.closed}) and the last results are in the chain.
     */
    @WithName("settle-delay")
    @WithDefault("2s")
    Duration settleDelay();
}
