package io.chaperone.audit;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * Produces the stored {@code detail} of each record of a batch from {@link AuditRecord#detail()} (e.g.
 * encrypts it). The writer calls it once per batch, on its event loop, before hashing: the hash chain
 * covers what this returns. Must not block (answer asynchronously if keys must be loaded) and must answer
 * one entry per record, in order (null for a null detail). A failure is retried with the same records.
 */
public interface AuditSealer {

    Uni<List<String>> seal(List<AuditRecord> records);
}
