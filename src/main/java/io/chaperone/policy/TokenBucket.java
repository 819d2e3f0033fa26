package io.chaperone.policy;

/**
 * A per-session token bucket in integer nanoseconds (the GCRA formulation: one "theoretical arrival
 * time" instead of a fractional token count, so boundaries are exact and nothing is allocated).
 *
 * <p>Not thread-safe by design: a session's frames are judged one after another on one event loop.
 * Time is passed in ({@code System.nanoTime()} in production), so tests control it exactly.
 */
public final class TokenBucket {

    private final long nanosPerToken;
    /** The bucket holds {@code burst} tokens: a request may run this far ahead of the sustained rate. */
    private final long tolerance;
    /** When the bucket would be back to full if nothing else arrived; compared by difference (nanoTime may wrap). */
    private long fullAt;

    /** A full bucket at {@code nowNanos}. */
    public TokenBucket(RateLimit rate, long nowNanos) {
        this.nanosPerToken = rate.nanosPerCommand();
        this.tolerance = nanosPerToken * rate.burst();
        this.fullAt = nowNanos;
    }

    /** Takes one token if there is one; {@code false} leaves the bucket unchanged. */
    public boolean tryAcquire(long nowNanos) {
        long base = fullAt - nowNanos > 0 ? fullAt : nowNanos;
        long next = base + nanosPerToken;
        if (next - nowNanos > tolerance) {
            return false;
        }
        fullAt = next;
        return true;
    }

    /** Whole tokens available at {@code nowNanos} (for the session view and tests; not on the hot path). */
    public int available(long nowNanos) {
        long backlog = Math.max(0, fullAt - nowNanos);
        return (int) ((tolerance - backlog) / nanosPerToken);
    }
}
