package io.chaperone.trust;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The record of an issued connect ticket; {@code usedAt} is set exactly once, at redemption. */
@Entity
@Table(name = "connect_tickets")
public class ConnectTicketRecord extends PanacheEntityBase {

    @Id
    public String jti;
    @Column(name = "session_id")
    public UUID sessionId;
    @Column(name = "technician_id")
    public UUID technicianId;
    @Column(name = "key_thumbprint")
    public String keyThumbprint;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "used_at")
    public Instant usedAt;
}
