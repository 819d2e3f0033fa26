package io.chaperone.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An ops-defined class of support session: which operations on which device kinds, for how long. */
@Entity
@Table(name = "session_templates")
public class SessionTemplate extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String description;
    /** JSON array of operation names. */
    public String ops;
    /** JSON array of device kinds. */
    @Column(name = "device_kinds")
    public String deviceKinds;
    @Column(name = "max_duration_minutes")
    public int maxDurationMinutes;
    /** JSON array of data classes redacted unless the resident reveals them. */
    @Column(name = "redaction_defaults")
    public String redactionDefaults;
    /** Commands per minute a session of this template is expected to need. */
    @Column(name = "expected_command_rate")
    public int expectedCommandRate;
    @Column(name = "created_at")
    public Instant createdAt;
}
