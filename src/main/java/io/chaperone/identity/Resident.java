package io.chaperone.identity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A resident, provisioned just in time from token claims. */
@Entity
@Table(name = "residents")
public class Resident extends PanacheEntityBase {

    @Id
    public UUID id;
    public String subject;
    public String name;
    public String email;
    @Column(name = "created_at")
    public Instant createdAt;
}
