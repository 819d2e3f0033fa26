package io.chaperone.change;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * One config change as {@code GET /sessions/{id}/changes} shows it (docs/api.md). {@code before} and {@code after}
 * are shown to the home's resident only (they may be personal); technician and ops see the metadata.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeView(UUID id, long seq, String device, String setting, String commandId, JsonNode before,
                         JsonNode after, Instant reportedAt, String persistence, Instant checkedAt, String rollback,
                         Instant rollbackAt, String rollbackCommandId) {
}
