package io.chaperone.audit;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Optional;

/**
 * Produces the stored {@code detail} of each record of a batch from {@link AuditRecord#detail()} (e.g.
 * encrypts it). The writer calls it once per batch, on its event loop, before hashing: the hash chain
 * covers what this returns. Must not block (answer asynchronously if keys must be loaded) and must answer
 * one entry per record, in order (null for a null detail). A failure is retried with the same records.
 */
public interface AuditSealer {

    Uni<List<String>> seal(List<AuditRecord> records);

    /**
     * The same, answered at once when that needs no I/O (e.g. every key is cached), else empty. Called on the
     * producer's thread as a record is queued (so must be thread-safe); a batch with a record it could not seal
     * goes through {@link #seal} on the writer's loop. The writer commits one batch at a time, so sealing at the
     * producers keeps that work off every batch's commit latency.
     */
    default Optional<List<String>> sealNow(List<AuditRecord> records) {
        return Optional.empty();
    }
}
