package io.chaperone.audit;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of committed records; a failing listener is logged and never stops the writer. */
final class AuditListeners {

    private static final Logger LOG = Logger.getLogger(AuditListeners.class);

    private final List<AuditListener> listeners = new CopyOnWriteArrayList<>();

    void add(AuditListener listener) {
        listeners.add(listener);
    }

    void committed(Iterable<PendingRecord> rows) {
        if (listeners.isEmpty()) {
            return;
        }
        for (PendingRecord row : rows) {
            for (AuditListener listener : listeners) {
                try {
                    listener.committed(row.record, row.seq);
                } catch (RuntimeException e) {
                    LOG.warnf("an audit listener failed (code=audit.listener_failed, error=%s)", e.getClass().getSimpleName());
                }
            }
        }
    }
}
