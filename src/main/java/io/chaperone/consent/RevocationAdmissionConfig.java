package io.chaperone.consent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.time.Duration;

/** How many revoke requests run their durable part at once, and how long one may wait for that (ADR 0038). */
@ConfigMapping(prefix = "chaperone.revocation-admission")
public interface RevocationAdmissionConfig {

    /** Revoke requests past the announcement (record, intent, transition, answer) in flight at once on a node. */
    @WithName("concurrency")
    int concurrency();

    /** A request queued longer than this is handed to the revocation job and answered 202 revocation_pending. */
    @WithName("max-wait")
    Duration maxWait();
}
