package io.chaperone.household;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The owner's invitation of a resident (by subject or e-mail) to join a home; the invitee accepts it. */
@Entity
@Table(name = "home_invitations")
public class HomeInvitation extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String CANCELLED = "cancelled";

    @Id
    public UUID id;
    @Column(name = "home_id")
    public UUID homeId;
    public String invitee;
    @Column(name = "may_decide")
    public boolean mayDecide;
    @Column(name = "may_erase")
    public boolean mayErase;
    @Column(name = "invited_by")
    public UUID invitedBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    public String state;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "accepted_by")
    public UUID acceptedBy;

    /** Whether the invitation names this resident: their subject exactly, or their e-mail ignoring case. */
    boolean names(String subject, String email) {
        return invitee.equals(subject) || (email != null && invitee.equalsIgnoreCase(email));
    }

    /** Pending as of {@code now}: an invitation past its expiry can no longer be accepted. */
    String effectiveState(Instant now) {
        return PENDING.equals(state) && !now.isBefore(expiresAt) ? "expired" : state;
    }
}
