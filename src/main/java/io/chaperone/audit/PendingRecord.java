package io.chaperone.audit;

import java.util.concurrent.CompletableFuture;

/** A record waiting in the writer. Mutable state is touched only on the writer's event loop. */
final class PendingRecord {

    enum State { QUEUED, IN_FLIGHT, TIMED_OUT_QUEUED, TIMED_OUT_IN_FLIGHT, COMMITTED }

    final AuditRecord record;
    /** Completed with the seq for C1; null for C2. */
    final CompletableFuture<Long> commit;
    /** {@link System#nanoTime()} after which a C1 caller is told the audit is unavailable. */
    final long deadlineNanos;
    State state = State.QUEUED;
    long seq;
    /** [integrity] The stored form and its link in the chain, fixed once per batch (see AuditBatch#chain). */
    io.chaperone.audit.integrity.StoredRecord stored;
    byte[] prevHash;
    byte[] hash;
    /**
     * [privacy] The stored detail, sealed on the producer's thread before the record was queued (written there,
     * read on the loop after the queue's hand-over); {@code presealed} false when that needed I/O.
     */
    String presealedDetail;
    boolean presealed;

    private PendingRecord(AuditRecord record, CompletableFuture<Long> commit, long deadlineNanos) {
        this.record = record;
        this.commit = commit;
        this.deadlineNanos = deadlineNanos;
    }

    static PendingRecord durable(AuditRecord record, long deadlineNanos) {
        return new PendingRecord(record, new CompletableFuture<>(), deadlineNanos);
    }

    static PendingRecord buffered(AuditRecord record) {
        return new PendingRecord(record, null, Long.MAX_VALUE);
    }

    boolean isC1() { return commit != null; }

    /**
     * Fails the C1 caller once its deadline has passed. Returns true when the record was still queued:
     * it is then dropped and never written. One already sent stays in its batch and may still land.
     */
    boolean expireIfDue(long nowNanos, String bound) {
        if (!isC1() || nowNanos - deadlineNanos < 0 || (state != State.QUEUED && state != State.IN_FLIGHT)) {
            return false;
        }
        boolean queued = state == State.QUEUED;
        state = queued ? State.TIMED_OUT_QUEUED : State.TIMED_OUT_IN_FLIGHT;
        commit.completeExceptionally(new AuditUnavailableException("audit record not committed within " + bound));
        return queued;
    }

    /** Skipped when a batch is formed: never written. */
    boolean droppedBeforeSending() { return state == State.TIMED_OUT_QUEUED; }
}
