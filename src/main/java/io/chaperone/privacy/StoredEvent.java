package io.chaperone.privacy;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code audit_events} as stored (detail still sealed); hashes only where the columns exist. */
record StoredEvent(UUID chainId, long seq, Instant at, String actor, String kind, String device, String op,
                   String outcome, String correlationId, String detail, String prevHash, String hash) {

    static final String COLUMNS = "chain_id, seq, at, actor, kind, device, op, outcome, correlation_id, detail";

    static StoredEvent of(Row row, boolean hashes) {
        return new StoredEvent(row.getUUID("chain_id"), row.getLong("seq"), row.getOffsetDateTime("at").toInstant(),
                row.getString("actor"), row.getString("kind"), row.getString("device"), row.getString("op"),
                row.getString("outcome"), row.getString("correlation_id"), row.getString("detail"),
                hashes ? row.getString("prev_hash_hex") : null, hashes ? row.getString("hash_hex") : null);
    }

    AuditDetails.Stored sealed() {
        return new AuditDetails.Stored(chainId, kind, detail);
    }
}
