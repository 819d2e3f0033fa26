package io.chaperone.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A support ticket: the problem a resident has (not the connect ticket of a session). */
@Entity
@Table(name = "support_tickets")
public class SupportTicket extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "home_id")
    public UUID homeId;
    @Column(name = "provider_id")
    public UUID providerId;
    @Column(name = "opened_by")
    public String openedBy;
    public String category;
    public String summary;
    public String state;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
