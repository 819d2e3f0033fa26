package io.chaperone.audit;

/**
 * A C1 record was not committed within {@code chaperone.audit.commit-timeout}. The caller must not act
 * (the relay answers {@code audit_unavailable} and never forwards the command later). An expected
 * outcome, so no stack trace.
 */
public final class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message) {
        super(message, null, false, false);
    }
}
