package io.chaperone.feedback;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One party's feedback on an ended session; at most one per (session, party), enforced by a unique key too. */
@Entity
@Table(name = "session_feedback")
public class SessionFeedback extends PanacheEntityBase {

    public static final String RESIDENT = "resident";
    public static final String TECHNICIAN = "technician";

    @Id
    public UUID id;
    @Column(name = "session_id")
    public UUID sessionId;
    /** Denormalised from the session so ops' template view reads one table. */
    @Column(name = "template_id")
    public UUID templateId;
    /** {@code resident} (any member of the household, once for the household) or {@code technician}. */
    public String party;
    /** The subject who wrote it. */
    public String author;
    public int rating;
    /** Null when none was given, or after the home was erased. */
    public String comment;
    @Column(name = "created_at")
    public Instant createdAt;
}
