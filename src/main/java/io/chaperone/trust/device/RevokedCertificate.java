package io.chaperone.trust.device;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A hub certificate that may never connect again. */
@Entity
@Table(name = "revoked_certificates")
public class RevokedCertificate extends PanacheEntityBase {

    @Id
    public String serial;
    @Column(name = "hub_id")
    public UUID hubId;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    public String reason;
}
