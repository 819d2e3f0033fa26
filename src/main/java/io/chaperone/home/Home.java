package io.chaperone.home;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A resident's home. */
@Entity
@Table(name = "homes")
public class Home extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "resident_id")
    public UUID residentId;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The resident erased the home's personal data (docs/privacy.md); no session is requested or approved after. */
    @Column(name = "erased_at")
    public Instant erasedAt;
}
