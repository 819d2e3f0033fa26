package io.chaperone.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutageTrackerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final OutageTracker tracker = new OutageTracker(5 * SECOND);

    @Test
    void shouldNotAnnounceOneNanosecondBeforeTheBound() {
        tracker.failed(0, T0, 1);

        assertFalse(tracker.healthy());
        assertEquals(Optional.empty(), tracker.due(5 * SECOND - 1));
    }

    @Test
    void shouldAnnounceExactlyAtTheBoundOnceWithTheStartOfTheFirstFailure() {
        assertEquals(Optional.of(5 * SECOND - 10), tracker.failed(0, T0, 10));
        tracker.failed(2 * SECOND, T0.plusSeconds(2), 2 * SECOND);

        assertEquals(Optional.of(new AuditOutage(true, T0)), tracker.due(5 * SECOND));
        assertEquals(Optional.empty(), tracker.due(6 * SECOND));
        assertEquals(Optional.empty(), tracker.failed(7 * SECOND, T0.plusSeconds(7), 7 * SECOND));
    }

    @Test
    void shouldAnnounceRecoveryOnlyAfterAnAnnouncedOutage() {
        tracker.failed(0, T0, 0);
        assertEquals(Optional.empty(), tracker.succeeded(T0.plusSeconds(1)));
        assertTrue(tracker.healthy());

        tracker.failed(10 * SECOND, T0.plusSeconds(10), 10 * SECOND);
        tracker.due(15 * SECOND);
        assertEquals(Optional.of(new AuditOutage(false, T0.plusSeconds(16))), tracker.succeeded(T0.plusSeconds(16)));
        assertTrue(tracker.healthy());
    }
}
