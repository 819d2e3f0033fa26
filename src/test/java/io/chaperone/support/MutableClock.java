package io.chaperone.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests can pin and move. It follows the system clock until {@link #pin(Instant)} and goes
 * back to it on {@link #reset()}, so tests that do not care see real time.
 */
public final class MutableClock extends Clock {

    private volatile Instant pinned;

    public void pin(Instant instant) { this.pinned = instant; }

    public void advance(Duration duration) {
        Instant base = pinned == null ? Instant.now() : pinned;
        this.pinned = base.plus(duration);
    }

    public void reset() { this.pinned = null; }

    @Override
    public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(ZoneId zone) { return this; }

    @Override
    public Instant instant() {
        Instant p = pinned;
        return p != null ? p : Instant.now();
    }
}
