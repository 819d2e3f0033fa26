package io.chaperone.cluster;

/**
 * Whether this node knows the revocation state (pure, on {@code System.nanoTime()} values so tests pin the bound).
 * Confirmed means: the feed connection listens, the re-read after its latest (re)connect finished, and something
 * sent at most {@code bound} ago came back over it (our heartbeat, or that re-read's start). A connection that drops
 * silently stops the beats, so the state ages into unconfirmed without having to notice the drop.
 */
final class FeedState {

    private final long boundNanos;
    private long connection;
    private boolean synced;
    private boolean everConfirmed;
    private long confirmedAt;
    private final long createdAt;

    FeedState(long boundNanos, long now) {
        this.boundNanos = boundNanos;
        this.createdAt = now;
    }

    /** The feed (re)connected and listens: nothing counts until the re-read of this connection finished. */
    synchronized long listening() {
        synced = false;
        return ++connection;
    }

    /** The re-read that started at {@code startedAt} for {@code connection} finished. */
    synchronized void synced(long connection, long startedAt) {
        if (connection == this.connection) {
            synced = true;
            confirm(startedAt);
        }
    }

    /** Our heartbeat sent at {@code sentAt} came back: everything committed before it has reached us. */
    synchronized void beat(long sentAt) {
        if (synced) {
            confirm(sentAt);
        }
    }

    /** Confirmed up to and including {@code bound} after the last confirmation, unconfirmed 1 ns later. */
    synchronized boolean confirmed(long now) {
        return everConfirmed && now - confirmedAt <= boundNanos;
    }

    /** How long the state has been unconfirmed at {@code now} (since the bound ran out), in milliseconds. */
    synchronized long unconfirmedMillis(long now) {
        long since = everConfirmed ? confirmedAt + boundNanos : createdAt;
        return Math.max(0, (now - since) / 1_000_000);
    }

    synchronized boolean synced() {
        return synced;
    }

    private void confirm(long at) {
        if (!everConfirmed || at - confirmedAt > 0) {
            confirmedAt = at;
            everConfirmed = true;
        }
    }
}
