package io.chaperone.household;

import io.chaperone.web.ProblemException;

import java.util.UUID;

/** A resident's place in a home: its owner ({@code homes.resident_id}) or a member with the rights the owner gave. */
public record Membership(UUID homeId, UUID residentId, boolean owner, boolean mayDecide, boolean mayErase) {

    public static Membership ownerOf(UUID homeId, UUID residentId) {
        return new Membership(homeId, residentId, true, true, true);
    }

    public boolean allows(Right right) {
        return switch (right) {
            case VIEW, STOP -> true;
            case DECIDE -> owner || mayDecide;
            case ERASE -> owner || mayErase;
            case MANAGE -> owner;
        };
    }

    /** This membership, or 403 {@code household_right_required} naming the missing right. */
    public Membership require(Right right) {
        if (!allows(right)) {
            throw lacks(right);
        }
        return this;
    }

    public String role() { return owner ? "owner" : "member"; }

    public static ProblemException lacks(Right right) {
        return ProblemException.forbidden("household_right_required",
                "this needs the household right '" + right.wireName() + "', which the home's owner has not given you");
    }
}
