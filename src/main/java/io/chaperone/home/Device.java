package io.chaperone.home;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A device behind a hub, as last reported in the hub's inventory. */
@Entity
@Table(name = "devices")
public class Device extends PanacheEntityBase {

    @EmbeddedId
    public Key key;
    public String kind;
    public String model;
    public String firmware;
    public String status;
    @Column(name = "updated_at")
    public Instant updatedAt;

    @Embeddable
    public record Key(@Column(name = "hub_id") UUID hubId, @Column(name = "device_id") String deviceId)
            implements Serializable {
    }
}
