package io.chaperone.household;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.UUID;

/** Bodies and views of the household API (docs/api.md "Households"). */
public final class HouseholdViews {

    private HouseholdViews() {
    }

    /** A resident of the home: its owner or a member, with what they may do beyond watching and stopping. */
    public record MemberView(UUID residentId, String name, String role, boolean mayDecide, boolean mayErase,
                             Instant joinedAt) {
    }

    public record InvitationView(UUID id, UUID homeId, String invitee, boolean mayDecide, boolean mayErase,
                                 String state, Instant createdAt, Instant expiresAt) {
        static InvitationView of(HomeInvitation i, Instant now) {
            return new InvitationView(i.id, i.homeId, i.invitee, i.mayDecide, i.mayErase, i.effectiveState(now),
                    i.createdAt, i.expiresAt);
        }
    }

    /** {@code invitee}: the resident's subject, or their e-mail address. */
    public record NewInvitation(@NotBlank @Size(max = 320) String invitee, Boolean mayDecide, Boolean mayErase) {
    }

    public record MemberRights(Boolean mayDecide, Boolean mayErase) {
    }
}
