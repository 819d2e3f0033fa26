package io.chaperone.household;

import io.chaperone.audit.AuditKind;
import io.chaperone.household.HouseholdViews.InvitationView;
import io.chaperone.household.HouseholdViews.MemberRights;
import io.chaperone.household.HouseholdViews.MemberView;
import io.chaperone.household.HouseholdViews.NewInvitation;
import io.chaperone.home.Home;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.identity.Resident;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/homes/{homeId}/members} and {@code …/invitations}: the owner invites, changes rights and removes;
 * every member sees who else is in the household and may leave (docs/api.md "Households"). Each change is audited
 * (C1, on the home's chain) before its row changes.
 */
@Path("/api/v1/homes/{homeId}")
@RolesAllowed("resident")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HouseholdResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Household household;
    @Inject
    HouseholdAudit audit;
    @Inject
    HouseholdConfig config;
    @Inject
    Clock clock;

    @GET
    @Path("members")
    @WithTransaction
    public Uni<List<MemberView>> members(@PathParam("homeId") UUID homeId) {
        return people.resident(current.get())
                .chain(me -> household.require(me.id, homeId, Right.VIEW, "home"))
                .chain(ok -> Home.<Home>findById(homeId))
                .chain(home -> Resident.<Resident>findById(home.residentId).chain(owner ->
                        HomeMember.<HomeMember>list("key.homeId = ?1 order by joinedAt", homeId).chain(members ->
                                residents(members).map(names -> {
                                    List<MemberView> views = new ArrayList<>();
                                    views.add(new MemberView(owner.id, owner.name, "owner", true, true, home.createdAt));
                                    for (int i = 0; i < members.size(); i++) {
                                        HomeMember m = members.get(i);
                                        views.add(new MemberView(m.key.residentId(), names.get(i), "member", m.mayDecide,
                                                m.mayErase, m.joinedAt));
                                    }
                                    return views;
                                }))));
    }

    /** The owner changes what a member may do beyond watching and stopping. */
    @PUT
    @Path("members/{residentId}")
    @WithTransaction
    public Uni<MemberView> setRights(@PathParam("homeId") UUID homeId, @PathParam("residentId") UUID residentId,
                                     @NotNull MemberRights body) {
        String actor = current.get().subject();
        return people.resident(current.get())
                .chain(me -> household.require(me.id, homeId, Right.MANAGE, "home"))
                .chain(ok -> member(homeId, residentId))
                .call(m -> audit.record(homeId, clock.instant(), actor, AuditKind.HOUSEHOLD_RIGHTS_CHANGED, "changed",
                        residentId.toString(), HouseholdAudit.rights(flag(body.mayDecide(), m.mayDecide),
                                flag(body.mayErase(), m.mayErase))))
                .invoke(m -> {
                    m.mayDecide = flag(body.mayDecide(), m.mayDecide);
                    m.mayErase = flag(body.mayErase(), m.mayErase);
                })
                .chain(m -> Resident.<Resident>findById(residentId).map(r -> new MemberView(residentId, r.name, "member",
                        m.mayDecide, m.mayErase, m.joinedAt)));
    }

    /** The owner removes a member, or a member leaves; the owner cannot leave their own home. */
    @DELETE
    @Path("members/{residentId}")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    public Uni<Response> remove(@PathParam("homeId") UUID homeId, @PathParam("residentId") UUID residentId) {
        String actor = current.get().subject();
        return people.resident(current.get()).chain(me -> {
            boolean leaving = me.id.equals(residentId);
            return household.require(me.id, homeId, leaving ? Right.VIEW : Right.MANAGE, "home").chain(mine -> {
                if (mine.owner() && leaving) {
                    return Uni.createFrom().failure(ProblemException.conflict("household_owner_cannot_leave",
                            "the owner of a home cannot leave it"));
                }
                return member(homeId, residentId)
                        .call(m -> audit.record(homeId, clock.instant(), actor,
                                leaving ? AuditKind.HOUSEHOLD_MEMBER_LEFT : AuditKind.HOUSEHOLD_MEMBER_REMOVED,
                                leaving ? "left" : "removed", residentId.toString(), null))
                        .call(m -> m.delete());
            });
        }).map(done -> Response.noContent().build());
    }

    @POST
    @Path("invitations")
    @WithTransaction
    public Uni<Response> invite(@PathParam("homeId") UUID homeId, @NotNull @Valid NewInvitation body) {
        String actor = current.get().subject();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String invitee = body.invitee().trim();
        return people.resident(current.get())
                .call(me -> household.require(me.id, homeId, Right.MANAGE, "home"))
                .call(me -> alreadyIn(homeId, invitee))
                .chain(me -> {
                    HomeInvitation invitation = new HomeInvitation();
                    invitation.id = UUID.randomUUID();
                    invitation.homeId = homeId;
                    invitation.invitee = invitee;
                    invitation.mayDecide = flag(body.mayDecide(), false);
                    invitation.mayErase = flag(body.mayErase(), false);
                    invitation.invitedBy = me.id;
                    invitation.createdAt = now;
                    invitation.expiresAt = now.plus(config.invitationTtl());
                    invitation.state = HomeInvitation.PENDING;
                    return audit.record(homeId, now, actor, AuditKind.HOUSEHOLD_INVITED, "invited",
                                    invitation.id.toString(), HouseholdAudit.rights(invitation.mayDecide, invitation.mayErase))
                            .chain(seq -> invitation.<HomeInvitation>persist());
                })
                .map(i -> Response.created(URI.create("/api/v1/invitations/" + i.id)).entity(InvitationView.of(i, now))
                        .build());
    }

    @GET
    @Path("invitations")
    @WithTransaction
    public Uni<List<InvitationView>> invitations(@PathParam("homeId") UUID homeId) {
        Instant now = clock.instant();
        return people.resident(current.get())
                .chain(me -> household.require(me.id, homeId, Right.MANAGE, "home"))
                .chain(ok -> HomeInvitation.<HomeInvitation>list("homeId = ?1 order by createdAt", homeId))
                .map(list -> list.stream().map(i -> InvitationView.of(i, now)).toList());
    }

    @DELETE
    @Path("invitations/{id}")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    public Uni<Response> cancel(@PathParam("homeId") UUID homeId, @PathParam("id") UUID id) {
        String actor = current.get().subject();
        Instant now = clock.instant();
        return people.resident(current.get())
                .chain(me -> household.require(me.id, homeId, Right.MANAGE, "home"))
                .chain(ok -> HomeInvitation.<HomeInvitation>findById(id))
                .chain(i -> {
                    if (i == null || !i.homeId.equals(homeId)) {
                        return Uni.createFrom().failure(ProblemException.notFound("invitation"));
                    }
                    if (!HomeInvitation.PENDING.equals(i.effectiveState(now))) {
                        return Uni.createFrom().failure(ProblemException.conflict("invitation_not_pending",
                                "the invitation is " + i.effectiveState(now)));
                    }
                    return audit.record(homeId, now, actor, AuditKind.HOUSEHOLD_INVITATION_CANCELLED, "cancelled",
                            id.toString(), null).invoke(seq -> {
                                i.state = HomeInvitation.CANCELLED;
                                i.decidedAt = now;
                            });
                })
                .map(done -> Response.noContent().build());
    }

    private static Uni<HomeMember> member(UUID homeId, UUID residentId) {
        return HomeMember.<HomeMember>findById(new HomeMember.Key(homeId, residentId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("member"));
    }

    /** 409 when the invitee already belongs to the home (as owner or member) or has an invitation pending. */
    private Uni<Void> alreadyIn(UUID homeId, String invitee) {
        Instant now = clock.instant();
        return Resident.<Resident>find("subject = ?1 or lower(email) = lower(?1)", invitee).list()
                .chain(named -> {
                    Uni<Boolean> in = Uni.createFrom().item(false);
                    for (Resident r : named) {
                        in = in.chain(found -> found ? Uni.createFrom().item(true)
                                : household.membership(r.id, homeId).map(m -> m.isPresent()));
                    }
                    return in;
                })
                .chain(in -> in ? Uni.createFrom().failure(ProblemException.conflict("household_already_member",
                        "the invitee already belongs to this home"))
                        : HomeInvitation.<HomeInvitation>list("homeId = ?1 and state = ?2 and lower(invitee) = lower(?3)",
                                homeId, HomeInvitation.PENDING, invitee).map(pending -> {
                                    if (pending.stream().anyMatch(i -> HomeInvitation.PENDING.equals(i.effectiveState(now)))) {
                                        throw ProblemException.conflict("invitation_pending",
                                                "this invitee already has a pending invitation to this home");
                                    }
                                    return null;
                                }));
    }

    private static Uni<List<String>> residents(List<HomeMember> members) {
        Uni<List<String>> names = Uni.createFrom().item(new ArrayList<>());
        for (HomeMember m : members) {
            names = names.chain(list -> Resident.<Resident>findById(m.key.residentId()).map(r -> {
                list.add(r == null ? null : r.name);
                return list;
            }));
        }
        return names;
    }

    private static boolean flag(Boolean given, boolean otherwise) {
        return given == null ? otherwise : given;
    }
}
