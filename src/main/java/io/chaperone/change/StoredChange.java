package io.chaperone.change;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code config_changes}, values still sealed. */
record StoredChange(long seq, UUID id, UUID sessionId, UUID homeId, UUID hubId, String device, String setting,
                    String commandId, String before, String after, Instant reportedAt, String persistence,
                    Instant checkedAt, String rollback, Instant rollbackAt, String rollbackCommandId) {

    static final String COLUMNS = "seq, id, session_id, home_id, hub_id, device, setting, command_id, before_value, "
            + "after_value, reported_at, persistence, checked_at, rollback, rollback_at, rollback_command_id";

    static StoredChange of(Row row) {
        return new StoredChange(row.getLong("seq"), row.getUUID("id"), row.getUUID("session_id"), row.getUUID("home_id"),
                row.getUUID("hub_id"), row.getString("device"), row.getString("setting"), row.getString("command_id"),
                row.getString("before_value"), row.getString("after_value"), instant(row.getOffsetDateTime("reported_at")),
                row.getString("persistence"), instant(row.getOffsetDateTime("checked_at")), row.getString("rollback"),
                instant(row.getOffsetDateTime("rollback_at")), row.getString("rollback_command_id"));
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
