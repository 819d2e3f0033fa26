package io.chaperone.optout;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A home's logging choices (ADR 0023); no row means the defaults. */
@Entity
@Table(name = "home_logging_choices")
public class HomeLoggingChoice extends PanacheEntityBase {

    @Id
    @Column(name = "home_id")
    public UUID homeId;
    /** {@code full} (default) or {@code minimal}. */
    @Column(name = "live_feed_content")
    public String liveFeedContent;
    @Column(name = "changed_at")
    public Instant changedAt;
    @Version
    public long version;
}
