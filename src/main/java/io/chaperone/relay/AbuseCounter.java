package io.chaperone.relay;

/**
 * Counts invalid frames of one connection in a fixed window; a peer past the limit is closed with
 * 1008. Touched only from the connection's own (serial) callbacks.
 */
final class AbuseCounter {

    private final int limit;
    private final long windowMillis;
    private long windowStart;
    private int count;

    AbuseCounter(int limit, long windowMillis) {
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Records one invalid frame; true when the peer is now over the limit. */
    synchronized boolean strike(long nowMillis) {
        if (nowMillis - windowStart >= windowMillis) {
            windowStart = nowMillis;
            count = 0;
        }
        count++;
        return count > limit;
    }
}
