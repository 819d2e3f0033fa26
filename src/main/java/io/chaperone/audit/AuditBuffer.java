package io.chaperone.audit;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writer's admission side, safe from any thread: the lock-free inbound queue, the bound on C2
 * records not yet committed, the counts readiness and metrics read, and the {@code whenWritable} callbacks.
 */
final class AuditBuffer {

    private static final Logger LOG = Logger.getLogger(AuditBuffer.class);

    private final int c2Capacity;
    private final ConcurrentLinkedQueue<PendingRecord> inbound = new ConcurrentLinkedQueue<>();
    private final AtomicInteger depth = new AtomicInteger();
    private final AtomicInteger c2Buffered = new AtomicInteger();
    private final AtomicInteger c1Open = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> writableCallbacks = new ConcurrentLinkedQueue<>();

    AuditBuffer(int c2Capacity) {
        this.c2Capacity = c2Capacity;
    }

    /** Takes one of the C2 places, or answers false when all are taken (nothing is kept then). */
    boolean reserveC2() {
        int n;
        do {
            n = c2Buffered.get();
            if (n >= c2Capacity) {
                return false;
            }
        } while (!c2Buffered.compareAndSet(n, n + 1));
        return true;
    }

    void add(PendingRecord p) {
        if (p.isC1()) {
            c1Open.incrementAndGet();
        }
        depth.incrementAndGet();
        inbound.add(p);
    }

    PendingRecord poll() { return inbound.poll(); }

    /** A queued C1 record passed its deadline and will never be written. */
    void dropped() {
        depth.decrementAndGet();
        c1Open.decrementAndGet();
    }

    void committed(List<PendingRecord> rows) {
        int c2 = 0;
        for (PendingRecord p : rows) {
            if (p.isC1()) {
                c1Open.decrementAndGet();
            } else {
                c2++;
            }
        }
        depth.addAndGet(-rows.size());
        c2Buffered.addAndGet(-c2);
    }

    int depth() { return depth.get(); }

    int bufferedC2() { return c2Buffered.get(); }

    int c2Capacity() { return c2Capacity; }

    boolean hasOpenC1() { return c1Open.get() > 0; }

    boolean belowHalf() { return c2Buffered.get() < c2Capacity / 2; }

    void whenWritable(Runnable callback) { writableCallbacks.add(callback); }

    /**
     * Runs the callbacks that were waiting when called, while the C2 buffer stays below half. A callback
     * that registers itself again (its records still do not fit) waits for the next commit instead of
     * spinning here; callbacks not reached keep their turn.
     */
    void runWritableCallbacks() {
        int waiting = writableCallbacks.size();
        for (int i = 0; i < waiting && belowHalf(); i++) {
            Runnable callback = writableCallbacks.poll();
            if (callback == null) {
                return;
            }
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.errorf("whenWritable callback failed (code=audit.callback_failed, type=%s)",
                        e.getClass().getSimpleName());
            }
        }
    }
}
