package io.chaperone.home;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A smart-home hub of a home; presence is updated by the relay. */
@Entity
@Table(name = "hubs")
public class Hub extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "home_id")
    public UUID homeId;
    public String name;
    public String model;
    public String firmware;
    public boolean online;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "created_at")
    public Instant createdAt;

    // Device trust (io.chaperone.trust.device): the enrolled identity, removal and attestation state.
    /** SubjectPublicKeyInfo (base64 DER) of the device key; evidence is verified with it. */
    @Column(name = "public_key")
    public String publicKey;
    @Column(name = "cert_serial")
    public String certSerial;
    @Column(name = "cert_fingerprint")
    public String certFingerprint;
    @Column(name = "cert_not_after")
    public Instant certNotAfter;
    @Column(name = "enrolled_at")
    public Instant enrolledAt;
    @Column(name = "removed_at")
    public Instant removedAt;
    public boolean quarantined;
    @Column(name = "quarantine_reason")
    public String quarantineReason;
    @Column(name = "attested_at")
    public Instant attestedAt;
    /** Ops pulled the kill switch (ADR 0010): no upgrade and no approval until they lift it. */
    @Column(name = "killed_at")
    public Instant killedAt;
    @Column(name = "kill_reason")
    public String killReason;
    @Column(name = "killed_by")
    public String killedBy;
}
