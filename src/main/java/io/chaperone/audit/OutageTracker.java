package io.chaperone.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the audit database commits, and since when it does not. Touched only on the writer's loop;
 * {@link #healthy()} is read from any thread.
 */
final class OutageTracker {

    private final long outageAfterNanos;
    private volatile boolean failing;
    private long failingSinceNanos;
    private Instant failingSince;
    private boolean announced;

    OutageTracker(long outageAfterNanos) {
        this.outageAfterNanos = outageAfterNanos;
    }

    boolean healthy() { return !failing; }

    boolean announced() { return announced; }

    /**
     * An attempt that started at {@code startedNanos}/{@code startedAt} failed. Returns the nanos left
     * until the outage is due (≤ 0: due now), or empty if it is already announced.
     */
    Optional<Long> failed(long startedNanos, Instant startedAt, long nowNanos) {
        if (!failing) {
            failing = true;
            failingSinceNanos = startedNanos;
            failingSince = startedAt;
        }
        return announced ? Optional.empty() : Optional.of(failingSinceNanos + outageAfterNanos - nowNanos);
    }

    /** The outage to announce now, if commits have failed for long enough and it was not announced. */
    Optional<AuditOutage> due(long nowNanos) {
        if (!failing || announced || nowNanos - failingSinceNanos < outageAfterNanos) {
            return Optional.empty();
        }
        announced = true;
        return Optional.of(new AuditOutage(true, failingSince));
    }

    /** A commit succeeded; returns the recovery to announce if an outage was announced. */
    Optional<AuditOutage> succeeded(Instant now) {
        boolean wasAnnounced = announced;
        failing = false;
        announced = false;
        failingSince = null;
        return wasAnnounced ? Optional.of(new AuditOutage(false, now)) : Optional.empty();
    }
}
