package io.chaperone.policy;

/**
 * The hard command rate of a session: a sustained rate and a burst.
 *
 * @param perMinute commands per minute sustained (refill rate of the bucket), at least 1
 * @param burst     commands that may be sent at once after a quiet period (bucket capacity), at least 1
 */
public record RateLimit(int perMinute, int burst) {

    /** Headroom over the template's expected rate: the expected rate is the anomaly baseline, not the limit. */
    static final int HEADROOM = 2;
    /** Ten seconds' worth of the limit may arrive at once ... */
    static final int BURST_SECONDS = 10;
    /** ... but never fewer than this, so a person typing a few quick commands is not cut off. */
    static final int MIN_BURST = 5;

    public RateLimit {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
    }

    /**
     * Derives the limit from a template's expected command rate: {@code perMinute = 2 × expected},
     * {@code burst = max(5, ceil(perMinute × 10 s / 60 s))}.
     */
    public static RateLimit forExpectedRate(int expectedPerMinute) {
        if (expectedPerMinute < 1) {
            throw new IllegalArgumentException("expected command rate must be at least 1 per minute");
        }
        int perMinute = Math.multiplyExact(expectedPerMinute, HEADROOM);
        int burst = Math.max(MIN_BURST, (int) Math.ceilDiv((long) perMinute * BURST_SECONDS, 60L));
        return new RateLimit(perMinute, burst);
    }

    /** Nanoseconds it takes to earn one command back; rounded up so the limit is never exceeded. */
    public long nanosPerCommand() {
        return Math.ceilDiv(60_000_000_000L, perMinute);
    }
}
