package io.chaperone.audit;

import io.chaperone.ops.BenchmarkGuard;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.chaperone.audit.PendingRecord.State.IN_FLIGHT;

/**
 * The writer's queue side, touched only on the writer's loop (except {@link #preseal}, which producers call):
 * records waiting for a batch, the heads (seq, hash) of the chains they continue, and the step from queued
 * records to a sealed, hash-chained batch. {@link AuditWriter} keeps the attempt lifecycle (connections,
 * timers, retries, commits).
 */
final class BatchAssembly {

    private static final Logger LOG = Logger.getLogger(BatchAssembly.class);

    private final ArrayDeque<PendingRecord> pending = new ArrayDeque<>();
    private final ChainSequences chains = new ChainSequences();
    private final AuditSealer sealer;
    private final boolean integrity;
    private final int batchSize;
    private final Context loop;

    /** The writer's assembly; refuses the benchmark switch that turns integrity off outside development. */
    static BatchAssembly create(AuditSealer sealer, AuditConfig config, Context loop) {
        boolean integrity = config.benchmark().integrityEnabled();
        BenchmarkGuard.refuseOutsideDevelopment(ConfigUtils.getProfiles(), integrity,
                "chaperone.audit.benchmark.integrity-enabled");
        if (!integrity) {
            LOG.warn("BENCHMARK MODE: audit rows are neither sealed nor hash-chained (code=audit.benchmark_mode)");
        }
        return new BatchAssembly(sealer, integrity, config.batchSize(), loop);
    }

    /** {@code integrity} false only in a benchmark (chaperone.audit.benchmark.integrity-enabled). */
    BatchAssembly(AuditSealer sealer, boolean integrity, int batchSize, Context loop) {
        this.sealer = sealer;
        this.integrity = integrity;
        this.batchSize = batchSize;
        this.loop = loop;
    }

    /**
     * Any thread (the producer's, before it queues the record): seals the detail at once when the sealer can
     * without I/O. Sealing costs microseconds per row; done here it runs on the producers' event loops in
     * parallel instead of on the writer's loop, where every batch waits for the one before it.
     */
    void preseal(PendingRecord p) {
        if (!integrity) {
            return;
        }
        if (p.record.detail() == null) {
            p.presealed = true;
            return;
        }
        try {
            sealer.sealNow(List.of(p.record)).ifPresent(details -> {
                p.presealedDetail = details.getFirst();
                p.presealed = true;
            });
        } catch (RuntimeException e) {
            // left to the batch, which seals it again and reports a failure
        }
    }

    /** The step that stores a batch; re-sequences this assembly's chains when another writer took a seq. */
    BatchInsert insert() {
        return new BatchInsert(chains, loop, integrity);
    }

    void add(PendingRecord p) {
        pending.add(p);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    boolean full() {
        return pending.size() >= batchSize;
    }

    /** Forgets queued C1 records whose callers were already told the audit is unavailable. */
    void dropTimedOut() {
        pending.removeIf(PendingRecord::droppedBeforeSending);
    }

    /** Fails queued C1 callers whose deadline passed; returns how many were dropped (never to be written). */
    int expireDue(long nowNanos, String bound) {
        int dropped = 0;
        for (PendingRecord p : pending) {
            if (p.expireIfDue(nowNanos, bound)) {
                dropped++;
            }
        }
        return dropped;
    }

    void evictIdleChains(long nowNanos, long idleNanos, AuditBatch inFlight) {
        Set<UUID> uncommitted = new HashSet<>();
        if (inFlight != null) {
            inFlight.rows.forEach(p -> uncommitted.add(p.record.chainId()));
        }
        chains.evictIdle(nowNanos, idleNanos, uncommitted);
    }

    /**
     * Reads the head of chains seen for the first time, then takes the batch and assigns its seqs;
     * fails when {@code current} says the attempt was superseded meanwhile.
     */
    Future<AuditBatch> form(SqlConnection connection, BooleanSupplier current) {
        dropTimedOut();
        Set<UUID> unknown = new HashSet<>();
        int seen = 0;
        for (PendingRecord p : pending) {
            if (seen++ >= batchSize) {
                break;
            }
            if (!chains.knows(p.record.chainId())) {
                unknown.add(p.record.chainId());
            }
        }
        Future<Void> ready = unknown.isEmpty() ? Future.succeededFuture() : onLoop(loop, chains.load(connection, unknown));
        return ready.compose(v -> current.getAsBoolean() ? Future.succeededFuture(take())
                : Future.failedFuture(new IllegalStateException("superseded")));
    }

    /**
     * The next batch: up to batch-size records of chains whose head is known, in arrival order. Records of a
     * chain whose head is still being read stay queued (all of that chain's records, so its order holds) and
     * do not hold back the other chains: with many new sessions at once, stopping at the first unknown chain
     * shrank batches to a record or two and let C1 records miss their bound.
     */
    private AuditBatch take() {
        long now = System.nanoTime();
        List<PendingRecord> rows = new ArrayList<>(Math.min(pending.size(), batchSize));
        Iterator<PendingRecord> queued = pending.iterator();
        while (rows.size() < batchSize && queued.hasNext()) {
            PendingRecord p = queued.next();
            if (p.droppedBeforeSending()) {
                queued.remove();
                continue;
            }
            if (!chains.knows(p.record.chainId())) {
                continue; // its head is read for the next batch
            }
            queued.remove();
            p.state = IN_FLIGHT;
            p.seq = chains.assign(p.record.chainId(), now);
            rows.add(p);
        }
        return new AuditBatch(rows);
    }

    /**
     * The AuditSealer's stored details, then the hashes, once per batch: a retry sends the same bytes. One
     * batch at a time is chained, after the one before it, so a chain cannot fork.
     */
    Future<AuditBatch> chained(AuditBatch batch) {
        if (batch.chained || batch.size() == 0) {
            return Future.succeededFuture(batch);
        }
        if (!integrity) {
            batch.unchained();
            return Future.succeededFuture(batch);
        }
        if (batch.rows.stream().allMatch(p -> p.presealed)) {
            return Future.succeededFuture(chain(batch, batch.rows.stream().map(p -> p.presealedDetail).toList()));
        }
        // A row whose key was not cached when it was queued: the whole batch is sealed here, reading or creating keys.
        Uni<List<String>> sealing = sealer.seal(batch.records()).onFailure().invoke(BatchAssembly::sealFailed);
        Future<List<String>> sealed = Future.fromCompletionStage(sealing.subscribeAsCompletionStage());
        return onLoop(loop, sealed).map(details -> batch.chained ? batch : chain(batch, details));
    }

    private AuditBatch chain(AuditBatch batch, List<String> details) {
        if (details.size() != batch.size()) {
            throw new IllegalStateException("the sealer returned " + details.size() + " details for " + batch.size());
        }
        batch.chain(details, chains);
        return batch;
    }

    private static void sealFailed(Throwable e) {
        // The class only: a driver's message may quote parameter values (key material, payloads).
        LOG.warnf("Audit sealer failed (code=audit.seal_failed, error=%s)", e.getClass().getSimpleName());
    }

    /** Completes on the writer's loop whatever context the SQL client (or the sealer) answers on. */
    static <T> Future<T> onLoop(Context loop, Future<T> future) {
        Promise<T> promise = Promise.promise();
        future.onComplete(result -> {
            if (Vertx.currentContext() == loop) {
                promise.handle(result);
            } else {
                loop.runOnContext(v -> promise.handle(result));
            }
        });
        return promise.future();
    }
}
