package io.chaperone.audit;

import io.vertx.core.Vertx;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Turns the writer's commit failures and successes into {@link AuditOutage} events: down once commits
 * have failed for {@code outage-after}, up at the first commit after that. Used on the writer's loop only.
 */
final class OutageAnnouncer {

    private static final Logger LOG = Logger.getLogger(OutageAnnouncer.class);

    private final OutageTracker tracker;
    private final Vertx vertx;
    private final Event<AuditOutage> outages;
    private final IntSupplier queued;
    private long timer = -1;

    OutageAnnouncer(OutageTracker tracker, Vertx vertx, Event<AuditOutage> outages, IntSupplier queued) {
        this.tracker = tracker;
        this.vertx = vertx;
        this.outages = outages;
        this.queued = queued;
    }

    /** Readable from any thread. */
    boolean healthy() { return tracker.healthy(); }

    void failed(long startedNanos, Instant startedAt) {
        tracker.failed(startedNanos, startedAt, System.nanoTime()).ifPresent(this::checkIn);
    }

    void succeeded(Instant now) {
        tracker.succeeded(now).ifPresent(this::announce);
    }

    private void checkIn(long dueInNanos) {
        if (timer != -1) {
            return;
        }
        timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(dueInNanos) + 1), t -> {
            timer = -1;
            tracker.due(System.nanoTime()).ifPresent(this::announce);
        });
    }

    private void announce(AuditOutage event) {
        if (event.down()) {
            LOG.errorf("Audit database outage (code=audit.outage, queued=%d): C1 actions are refused", queued.getAsInt());
        } else {
            LOG.infof("Audit database outage over (code=audit.outage_over, queued=%d)", queued.getAsInt());
        }
        try {
            outages.fire(event);
        } catch (RuntimeException e) {
            LOG.errorf("AuditOutage observer failed (code=audit.observer_failed, type=%s)", e.getClass().getSimpleName());
        }
    }
}
