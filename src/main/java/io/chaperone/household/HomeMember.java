package io.chaperone.household;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A resident who joined a home they do not own (the owner is {@code homes.resident_id}, never a row here). */
@Entity
@Table(name = "home_members")
public class HomeMember extends PanacheEntityBase {

    @EmbeddedId
    public Key key;
    @Column(name = "may_decide")
    public boolean mayDecide;
    @Column(name = "may_erase")
    public boolean mayErase;
    @Column(name = "joined_at")
    public Instant joinedAt;
    @Column(name = "invited_by")
    public UUID invitedBy;

    @Embeddable
    public record Key(@Column(name = "home_id") UUID homeId, @Column(name = "resident_id") UUID residentId)
            implements Serializable {
    }

    Membership membership() {
        return new Membership(key.homeId(), key.residentId(), false, mayDecide, mayErase);
    }
}
