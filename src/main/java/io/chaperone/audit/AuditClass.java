package io.chaperone.audit;

/** How durably an audit event is written before the gateway acts on it (ARCHITECTURE §7). */
public enum AuditClass {
    /** Durable before effect: the caller waits for the COMMIT and acts only after it. */
    C1,
    /** Asynchronous but lossless: buffered (bounded), the producer is paused when the buffer is full. */
    C2
}
