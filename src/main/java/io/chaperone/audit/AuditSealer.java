package io.chaperone.audit;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * Turns the {@code detail} of each record of a batch into the text that is stored (and hashed). The
 * writer calls it once per batch, on its event loop, after seqs are assigned and before the INSERT; a
 * retried batch reuses the sealed texts. Implementations must not block; a failure fails the attempt,
 * which the writer retries like any database failure.
 */
public interface AuditSealer {

    /** The stored detail of each record, in the order of {@code records} (same size). */
    Uni<List<String>> seal(List<AuditRecord> records);
}
