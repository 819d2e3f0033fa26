package io.chaperone.trust.device;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A one-time claim code for enrolling a hub into a home; only its hash is kept. */
@Entity
@Table(name = "hub_claims")
public class HubClaim extends PanacheEntityBase {

    @Id
    @Column(name = "code_hash")
    public String codeHash;
    @Column(name = "home_id")
    public UUID homeId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "used_at")
    public Instant usedAt;
    @Column(name = "hub_id")
    public UUID hubId;
}
