package io.chaperone.review;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A stored access review of one home and period; {@code body} is the JSON the resident downloads. */
@Entity
@Table(name = "access_reviews")
public class AccessReview extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "home_id")
    public UUID homeId;
    @Column(name = "period_from")
    public Instant periodFrom;
    @Column(name = "period_to")
    public Instant periodTo;
    @Column(name = "generated_at")
    public Instant generatedAt;
    /** scheduled or on_demand. */
    public String trigger;
    public String body;
}
