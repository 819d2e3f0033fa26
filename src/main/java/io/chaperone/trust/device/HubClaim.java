package io.chaperone.trust.device;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
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

    /** What {@code code_hash} stores: lowercase hex SHA-256 of the code's UTF-8 bytes (a lookup key, never compared). */
    public static String hashOf(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
