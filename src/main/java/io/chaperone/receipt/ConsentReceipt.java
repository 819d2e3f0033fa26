package io.chaperone.receipt;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A stored consent receipt: the signed compact JWS exactly as issued, and its hash (also in the session's chain). */
@Entity
@Table(name = "consent_receipts")
public class ConsentReceipt extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "session_id")
    public UUID sessionId;
    @Column(name = "home_id")
    public UUID homeId;
    /** approval, escalation or extension. */
    public String kind;
    /** The session (approval), escalation or extension the receipt is for. */
    @Column(name = "decision_id")
    public UUID decisionId;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "key_id")
    public String keyId;
    public String jws;
    /** {@code sha256:<hex>} of the JWS's ASCII bytes. */
    public String hash;
}
