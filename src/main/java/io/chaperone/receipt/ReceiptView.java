package io.chaperone.receipt;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * A receipt as downloaded: {@code jws} is what was signed and hashed (the proof); {@code receipt} is its payload,
 * decoded for reading. The offline verifier checks that both say the same.
 */
public record ReceiptView(String format, UUID id, UUID sessionId, String kind, UUID decisionId, Instant issuedAt,
                          String keyId, String hash, String jws, JsonNode receipt) {

    static ReceiptView of(ConsentReceipt r) {
        return new ReceiptView(ConsentReceipts.FORMAT, r.id, r.sessionId, r.kind, r.decisionId, r.issuedAt, r.keyId,
                r.hash, r.jws, ReceiptSigning.payloadOf(r.jws));
    }

    /** {@code GET …/receipts/{rid}/verify}: each check on its own, {@code valid} when all pass. */
    public record Check(UUID id, boolean signatureValid, boolean hashMatches, boolean inChain, boolean chainValid,
                        boolean valid) {
    }
}
