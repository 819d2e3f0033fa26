package io.chaperone.audit;

import io.chaperone.audit.integrity.ChainHead;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import static io.chaperone.audit.PendingRecord.State.COMMITTED;
import static io.chaperone.audit.PendingRecord.State.IN_FLIGHT;

/**
 * The one audit writer of the node: a group-commit loop on a single Vert.x event-loop context.
 *
 * <p>Producers on any thread call {@link #commit} (C1) or {@link #offer} (C2); records go to a lock-free
 * inbound queue. The loop takes up to {@code batch-size} records, or whatever arrived within
 * {@code batch-delay} of an idle writer, assigns each its next seq per chain and writes the batch with one
 * INSERT (see {@link BatchInsert}). One batch is in flight at a time, so seqs are committed in order. A C1
 * caller is told its seq only once its row is in the table; a seq another writer took is re-assigned.
 *
 * <p>Failure semantics (ARCHITECTURE §7): seqs are assigned only once a connection is in hand, right
 * before the statement is sent. A batch whose outcome is unknown is retried as it is, same rows, same
 * seqs (but for a chain another writer continued meanwhile), until it commits: no gap, no duplicate. A C1 record still queued at its deadline is failed with
 * {@link AuditUnavailableException} and never written. A C1 record already sent when its deadline passes
 * is failed too, but it may still land when the retry commits: the trail then shows a command that was
 * not forwarded, never the reverse. C2 records wait (bounded by {@code c2-capacity}) and are never dropped.
 *
 * <p>Completions of {@link #commit} and {@link #whenWritable} callbacks run on the writer's event loop:
 * do not block in them.
 */
@ApplicationScoped
public class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);
    private static final long SWEEP_MS = 10;
    private static final long EVICT_MS = 60_000;
    private static final long RETRY_MIN_MS = 50;
    private static final long RETRY_MAX_MS = 1_000;

    @Inject
    Vertx vertx;
    @Inject
    AuditDatabase database;
    @Inject
    AuditConfig config;
    @Inject
    Clock clock;
    @Inject
    Event<AuditOutage> outages;
    @Inject
    AuditSealer sealer;

    // Shared with producers and readers on any thread.
    private AuditBuffer buffer;
    private final AuditListeners listeners = new AuditListeners();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong rowsWritten = new AtomicLong();
    private volatile boolean accepting;
    private volatile LongConsumer commitLatency = nanos -> { };
    private volatile boolean attemptRunning;
    private volatile long attemptStartedNanos;
    private OutageAnnouncer outage;

    // The loop's own state: touched only on the writer's context.
    private Context loop;
    private Pool sql;
    private BatchAssembly batches;
    private BatchInsert inserts;
    private final ChangedHeads changedHeads = new ChangedHeads();
    private AuditBatch inFlight;
    private int attempt;
    private boolean busy;
    private long flushTimer = -1;
    private long retryTimer = -1;
    private long retryDelayMs = RETRY_MIN_MS;
    private CompletableFuture<Void> drained;

    @PostConstruct
    void init() {
        buffer = new AuditBuffer(config.c2Capacity());
        outage = new OutageAnnouncer(new OutageTracker(config.outageAfter().toNanos()), vertx, outages, buffer::depth);
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        sql = database.pool().getDelegate();
        SynchronousCommit.require(sql);
        loop = vertx.getOrCreateContext();
        batches = BatchAssembly.create(sealer, config, loop);
        inserts = batches.insert();
        loop.runOnContext(v -> {
            vertx.setPeriodic(SWEEP_MS, id -> sweepDeadlines());
            vertx.setPeriodic(EVICT_MS, id -> evictIdleChains());
        });
        accepting = true;
    }

    /**
     * Writes a C1 record durably. Completes with its seq once the batch holding it is committed; fails
     * with {@link AuditUnavailableException} if that does not happen within {@code commit-timeout}.
     * The record is enqueued at once, whether or not the Uni is subscribed. The Uni completes on the
     * caller's Vert.x context when there is one.
     */
    public Uni<Long> commit(AuditRecord record) {
        if (!record.kind().durableBeforeEffect()) {
            throw new IllegalArgumentException("commit takes C1 kinds only: " + record.kind().wireName());
        }
        if (!accepting) {
            return Uni.createFrom().failure(new AuditUnavailableException("audit writer is not accepting records"));
        }
        PendingRecord p = PendingRecord.durable(record, System.nanoTime() + config.commitTimeout().toNanos());
        enqueue(p);
        Uni<Long> committed = Uni.createFrom().completionStage(p.commit);
        // Resume the caller on its own Vert.x context: a reactive Hibernate session or a socket's event loop
        // must not continue on the writer's loop.
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        return caller == null ? committed : committed.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    /**
     * Buffers a C2 record. Returns false (and keeps nothing) when {@code c2-capacity} records are
     * waiting: the caller stops reading its source and waits for {@link #whenWritable}.
     */
    public boolean offer(AuditRecord record) {
        if (record.kind().durableBeforeEffect()) {
            throw new IllegalArgumentException("offer takes C2 kinds only: " + record.kind().wireName());
        }
        if (!accepting || !buffer.reserveC2()) {
            return false;
        }
        enqueue(PendingRecord.buffered(record));
        return true;
    }

    /** Runs {@code callback} once on the writer's loop when the C2 buffer is below half (at once if it is). */
    public void whenWritable(Runnable callback) {
        buffer.whenWritable(callback);
        if (loop != null && buffer.belowHalf()) {
            loop.runOnContext(v -> buffer.runWritableCallbacks());
        }
    }

    /** False while the database does not commit (or an attempt has hung longer than the commit timeout). */
    public boolean healthy() {
        boolean hung = attemptRunning && System.nanoTime() - attemptStartedNanos > config.commitTimeout().toNanos();
        return accepting && outage.healthy() && !hung;
    }

    /** Registers a listener told of every committed record, in commit order. */
    public void addListener(AuditListener listener) {
        listeners.add(listener);
    }

    /** Told the latency (ns) of every committed batch: connection requested to INSERT committed. */
    public void onCommitLatency(LongConsumer nanos) {
        commitLatency = nanos;
    }

    /** Records accepted and not yet committed (C1 and C2). */
    public int queueDepth() { return buffer.depth(); }

    /** C2 records accepted and not yet committed; {@code offer} refuses at {@code c2-capacity}. */
    public int bufferedC2() { return buffer.bufferedC2(); }

    public int c2Capacity() { return buffer.c2Capacity(); }

    /** Batches committed since start (one INSERT each); with {@link #rowsWritten()} shows the batching. */
    public long batchesWritten() { return batchesWritten.get(); }

    public long rowsWritten() { return rowsWritten.get(); }

    void stop(@Observes ShutdownEvent event) {
        accepting = false;
        if (loop == null) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.runOnContext(v -> {
            drained = done;
            if (buffer.depth() == 0) {
                done.complete(null);
            } else if (!busy && retryTimer == -1) {
                attempt();
            }
        });
        try {
            done.get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Audit queue not drained at shutdown (code=audit.drain_timeout, remaining=%d)", buffer.depth());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Audit queue drain failed (code=audit.drain_failed, remaining=%d)", buffer.depth());
        }
    }

    // ---------------------------------------------------------------- the loop

    private void enqueue(PendingRecord p) {
        batches.preseal(p);
        buffer.add(p);
        if (wakeQueued.compareAndSet(false, true)) {
            loop.runOnContext(v -> {
                wakeQueued.set(false);
                onWake();
            });
        }
    }

    private void onWake() {
        drainInbound();
        if (busy || retryTimer != -1 || batches.isEmpty()) {
            return;
        }
        if (batches.full()) {
            if (flushTimer != -1) {
                vertx.cancelTimer(flushTimer);
                flushTimer = -1;
            }
            attempt();
        } else if (flushTimer == -1) {
            flushTimer = vertx.setTimer(Math.max(1, config.batchDelay().toMillis()), id -> {
                flushTimer = -1;
                if (!busy && retryTimer == -1) {
                    attempt();
                }
            });
        }
    }

    private void drainInbound() {
        PendingRecord p;
        while ((p = buffer.poll()) != null) {
            batches.add(p);
        }
    }

    private void attempt() {
        drainInbound();
        if (inFlight == null && batches.isEmpty() && outage.healthy()) {
            return;
        }
        busy = true;
        int id = ++attempt;
        long startedNanos = System.nanoTime();
        Instant startedAt = clock.instant();
        attemptStartedNanos = startedNanos;
        attemptRunning = true;
        long guard = vertx.setTimer(config.statementTimeout().toMillis(),
                t -> failed(id, startedNanos, startedAt, "audit.statement_timeout"));
        onLoop(sql.getConnection()).onComplete(acquired -> {
            if (id != attempt) {
                if (acquired.succeeded()) {
                    acquired.result().close();
                }
                return;
            }
            if (acquired.failed()) {
                vertx.cancelTimer(guard);
                failed(id, startedNanos, startedAt, "audit.db_unreachable");
                return;
            }
            SqlConnection connection = acquired.result();
            BooleanSupplier current = () -> id == attempt;
            Future<AuditBatch> batch = inFlight != null ? Future.succeededFuture(inFlight)
                    : batches.form(connection, current).map(formed -> inFlight = formed);
            Future<AuditBatch> stored = batch.compose(batches::chained).compose(b -> inserts.send(connection, b, current));
            onLoop(stored).onComplete(sent -> {
                connection.close();
                vertx.cancelTimer(guard);
                if (id != attempt) {
                    return;
                }
                if (sent.failed()) {
                    failed(id, startedNanos, startedAt, "audit.commit_failed");
                } else {
                    committed(sent.result());
                }
            });
        });
    }

    /** [integrity] The heads committed since the last call (for a checkpoint); any thread. */
    public List<ChainHead> takeChangedHeads() { return changedHeads.take(); }

    /** [integrity] Gives back heads a checkpoint could not record, so that the next one covers them. */
    public void restoreChangedHeads(List<ChainHead> heads) { changedHeads.restore(heads); }

    private void committed(AuditBatch batch) {
        busy = false;
        attemptRunning = false;
        inFlight = null;
        retryDelayMs = RETRY_MIN_MS;
        if (batch.size() > 0) {
            commitLatency.accept(System.nanoTime() - attemptStartedNanos);
            batchesWritten.incrementAndGet();
            rowsWritten.addAndGet(batch.size());
        }
        if (!outage.healthy()) {
            LOG.infof("Audit writer commits again (code=audit.recovered, queued=%d)", buffer.depth());
        }
        outage.succeeded(clock.instant());
        buffer.committed(batch.rows);
        changedHeads.committed(batch.rows);
        for (PendingRecord p : batch.rows) {
            boolean waiting = p.state == IN_FLIGHT;
            p.state = COMMITTED;
            if (waiting && p.isC1()) {
                p.commit.complete(p.seq);
            }
        }
        listeners.committed(batch.rows);
        buffer.runWritableCallbacks();
        if (drained != null && buffer.depth() == 0) {
            drained.complete(null);
        }
        drainInbound();
        if (!batches.isEmpty() && retryTimer == -1 && !busy) {
            attempt(); // records that arrived while this batch was in flight: the group commit
        }
    }

    private void failed(int id, long startedNanos, Instant startedAt, String code) {
        if (id != attempt) {
            return;
        }
        attempt++; // disowns a late answer of this attempt
        busy = false;
        attemptRunning = false;
        if (inFlight != null) {
            inFlight.attempts++;
        }
        if (outage.healthy()) {
            LOG.warnf("Audit writer cannot commit (code=%s, queued=%d); retrying", code, buffer.depth());
        }
        outage.failed(startedNanos, startedAt);
        batches.dropTimedOut();
        retryTimer = vertx.setTimer(retryDelayMs, t -> {
            retryTimer = -1;
            attempt();
        });
        retryDelayMs = Math.min(retryDelayMs * 2, RETRY_MAX_MS);
    }

    /** Fails C1 callers whose deadline passed; a queued one is dropped, a sent one may still land. */
    private void sweepDeadlines() {
        if (!buffer.hasOpenC1()) {
            return;
        }
        drainInbound();
        long now = System.nanoTime();
        String bound = config.commitTimeout().toString();
        for (int i = batches.expireDue(now, bound); i > 0; i--) {
            buffer.dropped();
        }
        if (inFlight != null) {
            inFlight.rows.forEach(p -> p.expireIfDue(now, bound));
        }
    }

    private void evictIdleChains() {
        batches.evictIdleChains(System.nanoTime(), config.chainIdle().toNanos(), inFlight);
    }

    private <T> Future<T> onLoop(Future<T> future) {
        return BatchAssembly.onLoop(loop, future);
    }
}
