package io.chaperone.identity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An operator of the gateway (role ops), provisioned just in time. */
@Entity
@Table(name = "operators")
public class Operator extends PanacheEntityBase {

    @Id
    public UUID id;
    public String subject;
    public String name;
    public String email;
    @Column(name = "created_at")
    public Instant createdAt;
}
