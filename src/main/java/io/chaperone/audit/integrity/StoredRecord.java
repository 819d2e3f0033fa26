package io.chaperone.audit.integrity;

import java.util.UUID;

/**
 * The columns of one audit row that the hash covers, exactly as stored: {@code detail} is the stored form
 * (ciphertext once an {@link io.chaperone.audit.AuditSealer} encrypts it), text with U+0000 already replaced.
 */
public record StoredRecord(UUID chainId, long seq, long atMillis, String actor, String kind, String device,
                           String op, String outcome, String correlationId, String detail) {
}
