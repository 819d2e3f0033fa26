package io.chaperone.identity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A service provider; technicians join it through their `org` claim. */
@Entity
@Table(name = "providers")
public class Provider extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String org;
    @Column(name = "created_at")
    public Instant createdAt;
}
