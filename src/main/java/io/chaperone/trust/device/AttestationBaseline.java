package io.chaperone.trust.device;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Vendor reference values: what a genuine hub of this model and firmware measures. */
@Entity
@Table(name = "attestation_baselines")
public class AttestationBaseline extends PanacheEntityBase {

    @Id
    public UUID id;
    public String model;
    public String firmware;
    /** Canonical JSON object (keys sorted) of measurement name → {@code sha256:<hex>}. */
    public String measurements;
    @Column(name = "created_at")
    public Instant createdAt;
}
