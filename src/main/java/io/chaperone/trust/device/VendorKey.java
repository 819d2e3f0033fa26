package io.chaperone.trust.device;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A vendor's Ed25519 public key for firmware of one device model. */
@Entity
@Table(name = "vendor_keys")
public class VendorKey extends PanacheEntityBase {

    @Id
    public UUID id;
    public String model;
    @Column(name = "public_key")
    public String publicKey;
    @Column(name = "created_at")
    public Instant createdAt;
}
