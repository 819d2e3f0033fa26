package io.chaperone.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    /** 120/min: one token every 500 ms. */
    private static final long STEP = 500_000_000L;

    @Test
    void shouldStartFullAndEmptyAfterBurst() {
        TokenBucket bucket = new TokenBucket(new RateLimit(120, 4), 0);

        assertEquals(4, bucket.available(0));
        for (int i = 0; i < 4; i++) {
            assertTrue(bucket.tryAcquire(0));
        }
        assertFalse(bucket.tryAcquire(0));
        assertEquals(0, bucket.available(0));
    }

    @Test
    void shouldRefillOneTokenPerIntervalAndNeverAboveCapacity() {
        TokenBucket bucket = new TokenBucket(new RateLimit(120, 4), 0);
        for (int i = 0; i < 4; i++) {
            bucket.tryAcquire(0);
        }

        assertEquals(0, bucket.available(STEP - 1));
        assertEquals(1, bucket.available(STEP));
        assertEquals(4, bucket.available(100 * STEP));
        for (int i = 0; i < 4; i++) {
            assertTrue(bucket.tryAcquire(100 * STEP));
        }
        assertFalse(bucket.tryAcquire(100 * STEP));
    }

    @Test
    void shouldWorkAcrossNanoTimeOverflow() {
        long start = Long.MAX_VALUE - STEP / 2;
        TokenBucket bucket = new TokenBucket(new RateLimit(120, 1), start);

        assertTrue(bucket.tryAcquire(start));
        assertFalse(bucket.tryAcquire(start + STEP - 1));
        assertTrue(bucket.tryAcquire(start + STEP));
    }
}
