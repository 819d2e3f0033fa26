package io.chaperone.trust.device;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * The highest firmware a hub has passed attestation with: attestation never goes below it, so an old firmware
 * with known weaknesses cannot come back just because its vendor baseline is still registered.
 */
@Entity
@Table(name = "hub_firmware_floors")
public class FirmwareFloor extends PanacheEntityBase {

    @Id
    @Column(name = "hub_id")
    public UUID hubId;
    public String firmware;
    @Column(name = "attested_at")
    public Instant attestedAt;

    /** Whether {@code reported} is below the floor ({@code floor} null: the hub never attested, nothing is). */
    static boolean rollsBack(FirmwareFloor floor, String reported) {
        return floor != null && FirmwareSignature.compareVersions(reported, floor.firmware) < 0;
    }

    /** Whether {@code firmware} would raise {@code floor} (null: no floor known, so it may). */
    static boolean below(FirmwareFloor floor, String firmware) {
        return floor == null || FirmwareSignature.compareVersions(firmware, floor.firmware) > 0;
    }

    /** Raises the floor of {@code hubId} to {@code firmware} if that is higher; run inside a transaction. */
    static Uni<Void> raise(UUID hubId, String firmware, Instant now) {
        return FirmwareFloor.<FirmwareFloor>findById(hubId).chain(floor -> {
            if (floor == null) {
                FirmwareFloor first = new FirmwareFloor();
                first.hubId = hubId;
                first.firmware = firmware;
                first.attestedAt = now;
                return first.persist().replaceWithVoid();
            }
            if (FirmwareSignature.compareVersions(firmware, floor.firmware) > 0) {
                floor.firmware = firmware;
                floor.attestedAt = now;
            }
            return Uni.createFrom().voidItem();
        });
    }
}
