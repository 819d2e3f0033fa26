package io.chaperone.audit;

/**
 * Told of each record after its batch committed, in commit order (e.g. the resident's live feed).
 * Called on the writer's event loop: must be quick and must not block.
 */
public interface AuditListener {

    void committed(AuditRecord record, long seq);
}
