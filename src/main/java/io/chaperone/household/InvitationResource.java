package io.chaperone.household;

import io.chaperone.audit.AuditKind;
import io.chaperone.household.HouseholdViews.InvitationView;
import io.chaperone.household.HouseholdViews.MemberView;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.identity.Resident;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/invitations}: the invitee's side. An invitation names the invitee by subject or e-mail; only a
 * resident whose token carries that subject or e-mail sees or accepts it (anyone else: 404).
 */
@Path("/api/v1/invitations")
@RolesAllowed("resident")
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Household household;
    @Inject
    HouseholdAudit audit;
    @Inject
    Clock clock;

    @GET
    @WithTransaction
    public Uni<List<InvitationView>> mine() {
        Instant now = clock.instant();
        return people.resident(current.get()).chain(me -> HomeInvitation.<HomeInvitation>list(
                        "state = ?1 and (invitee = ?2 or (?3 <> '' and lower(invitee) = lower(?3))) order by createdAt",
                        HomeInvitation.PENDING, me.subject, me.email == null ? "" : me.email))
                .map(list -> list.stream().map(i -> InvitationView.of(i, now))
                        .filter(v -> HomeInvitation.PENDING.equals(v.state())).toList());
    }

    @POST
    @Path("{id}/accept")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    public Uni<MemberView> accept(@PathParam("id") UUID id) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String actor = current.get().subject();
        return people.resident(current.get()).chain(me -> HomeInvitation.<HomeInvitation>findById(id).chain(i -> {
            if (i == null || !i.names(me.subject, me.email)) {
                return Uni.createFrom().failure(ProblemException.notFound("invitation"));
            }
            if (!HomeInvitation.PENDING.equals(i.effectiveState(now))) {
                return Uni.createFrom().failure(ProblemException.conflict("invitation_not_pending",
                        "the invitation is " + i.effectiveState(now)));
            }
            return household.membership(me.id, i.homeId).chain(existing -> {
                if (existing.isPresent()) {
                    return Uni.createFrom().failure(ProblemException.conflict("household_already_member",
                            "you already belong to this home"));
                }
                return join(me, i, now, actor);
            });
        }));
    }

    private Uni<MemberView> join(Resident me, HomeInvitation invitation, Instant now, String actor) {
        HomeMember member = new HomeMember();
        member.key = new HomeMember.Key(invitation.homeId, me.id);
        member.mayDecide = invitation.mayDecide;
        member.mayErase = invitation.mayErase;
        member.joinedAt = now;
        member.invitedBy = invitation.invitedBy;
        return audit.record(invitation.homeId, now, actor, AuditKind.HOUSEHOLD_JOINED, "joined",
                        invitation.id.toString(), HouseholdAudit.rightsOf(me.id, member.mayDecide, member.mayErase))
                .chain(seq -> {
                    invitation.state = HomeInvitation.ACCEPTED;
                    invitation.decidedAt = now;
                    invitation.acceptedBy = me.id;
                    return member.persist();
                })
                .map(saved -> new MemberView(me.id, me.name, "member", member.mayDecide, member.mayErase, now));
    }
}
