package io.chaperone.relay;

/**
 * Bounds the audit rows a session's denied commands write: within one window the first {@code rowsPerWindow}
 * denials get a row each, the rest are only counted and written as one {@code command.denied} summary row when the
 * window ends (or the technician's socket closes), so nothing is lost and the table does not grow per frame.
 * Touched from the session's serial frame path and its close callback; synchronized for the hand-over between
 * the connections of a reconnect.
 */
final class DenialLog {

    private final int rowsPerWindow;
    private final long windowMillis;
    private long windowStart;
    private int rows;
    private int unwritten;

    DenialLog(int rowsPerWindow, long windowMillis) {
        this.rowsPerWindow = rowsPerWindow;
        this.windowMillis = windowMillis;
    }

    /**
     * Starts a new window if the current one is over; returns the denials of the finished window that have no row
     * yet (0 if none), for the caller's summary row. Called before {@link #ownRow()} for each denial.
     */
    synchronized int rollOver(long nowMillis) {
        if (nowMillis - windowStart < windowMillis) {
            return 0;
        }
        windowStart = nowMillis;
        rows = 0;
        return drain();
    }

    /** Counts one denial in the current window: true when it gets a row of its own, false when only counted. */
    synchronized boolean ownRow() {
        if (rows < rowsPerWindow) {
            rows++;
            return true;
        }
        unwritten++;
        return false;
    }

    /** Denials counted but not yet written; resets the count (the caller writes the summary row). */
    synchronized int drain() {
        int count = unwritten;
        unwritten = 0;
        return count;
    }
}
