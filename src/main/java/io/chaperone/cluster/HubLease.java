package io.chaperone.cluster;

import java.util.UUID;

/**
 * One hub connection's claim on its hub ({@link HubPresence#claim}). The relay keeps it with the connection and
 * releases it when the connection closes; {@code onLost} runs once if a newer connection (on any node) took over.
 */
public final class HubLease {

    private final UUID hubId;
    private final Runnable onLost;
    private final HubPresence presence;
    private volatile long epoch;
    private volatile boolean released;
    private volatile boolean lost;
    /** A claim statement is in flight (the renewal tick retries a failed one, not a pending one). */
    volatile boolean claiming;

    HubLease(UUID hubId, Runnable onLost, HubPresence presence) {
        this.hubId = hubId;
        this.onLost = onLost;
        this.presence = presence;
    }

    public UUID hubId() {
        return hubId;
    }

    /** The connection's epoch once the claim is stored (0 before, and always in single-node mode). */
    public long epoch() {
        return epoch;
    }

    public boolean released() {
        return released;
    }

    /** The connection closed: its lease goes (only its own: a newer connection's lease stays). */
    public void release() {
        if (!released) {
            released = true;
            presence.released(this);
        }
    }

    void claimed(long value) {
        epoch = value;
    }

    /** Runs onLost once; true if this call did. */
    boolean lose() {
        synchronized (this) {
            if (lost || released) {
                return false;
            }
            lost = true;
        }
        onLost.run();
        return true;
    }
}
