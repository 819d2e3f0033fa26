package io.chaperone.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One audit event as handed to the {@link AuditWriter}. The writer adds the per-chain {@code seq}.
 *
 * @param chainId       the session id; for hub-level events the hub id
 * @param homeId        the home the event belongs to (reads, export and erasure go by home)
 * @param at            when it happened, kept at millisecond precision like the column
 * @param actor         who acted: a person's subject, {@code hub:<id>} or {@code system}
 * @param kind          the catalogued kind; decides C1 or C2
 * @param device        device id, when the event concerns one
 * @param op            operation, for commands
 * @param outcome       e.g. {@code ok}, {@code denied:out_of_scope}
 * @param correlationId e.g. the command id that ties a {@code command} to its {@code result}
 * @param detail        JSON text, may be null
 */
public record AuditRecord(UUID chainId, UUID homeId, Instant at, String actor, AuditKind kind,
                          String device, String op, String outcome, String correlationId, String detail) {

    public AuditRecord {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(homeId, "homeId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        at = at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A record without device, op, outcome, correlation or detail (session transitions and the like). */
    public static AuditRecord of(UUID chainId, UUID homeId, Instant at, String actor, AuditKind kind) {
        return new AuditRecord(chainId, homeId, at, actor, kind, null, null, null, null, null);
    }
}
