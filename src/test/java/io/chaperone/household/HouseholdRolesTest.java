package io.chaperone.household;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Household roles end to end: invitations, a member who watches and stops but cannot grant, removal; all audited. */
@QuarkusTest
class HouseholdRolesTest {

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldLetAMemberWatchAndRevokeButNotApprove() {
        Home home = world.home(List.of("diag.read"), 600);
        String member = Tokens.unique("member");
        String invitation = invite(home, member + "@example.test", Map.of());
        accept(member, invitation).body("role", equalTo("member")).body("mayDecide", equalTo(false));

        String sid = given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", home.ticketId(), "hubId", home.hubId(), "templateId", home.templateId(),
                        "durationMinutes", 60, "reason", "household test",
                        "scope", Map.of("grants", List.of(grant(List.of("thermostat-1"), List.of("diag.read"))))))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");

        // The member sees the request, but may not approve or deny it: 403 with the stable code, nothing recorded
        as(member).get("/api/v1/sessions/{id}", sid).then().statusCode(200).body("state", equalTo("requested"));
        as(member).contentType(ContentType.JSON).body(Map.of()).post("/api/v1/sessions/{id}/approve", sid).then()
                .statusCode(403).body("code", equalTo("household_right_required"));
        as(member).post("/api/v1/sessions/{id}/deny", sid).then()
                .statusCode(403).body("code", equalTo("household_right_required"));
        assertThat(world.sessionState(UUID.fromString(sid))).isEqualTo("requested");
        assertThat(world.count("SELECT count(*) FROM approvals WHERE session_id = $1", UUID.fromString(sid))).isZero();
        // A stranger learns nothing: 404 as for an unknown session
        String stranger = Tokens.unique("stranger");
        as(stranger).contentType(ContentType.JSON).body(Map.of()).post("/api/v1/sessions/{id}/approve", sid).then()
                .statusCode(404).body("code", equalTo("not_found"));
        as(stranger).post("/api/v1/sessions/{id}/revoke", sid).then().statusCode(404);

        // The member watches the live session on the home's activity feed
        WsClient feed = world.open("/ws/homes/" + home.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + memberToken(member)));
        given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/sessions/{id}/approve", sid).then().statusCode(200);
        WsClient technician = world.technician(home, UUID.fromString(sid));
        technician.await(f -> "session".equals(f.getString("type")));
        feed.await(f -> "activity".equals(f.getString("type"))
                && "session.activated".equals(f.getJsonObject("event").getString("kind")));

        // ... and revokes it without step-up: the technician's socket closes, the revocation is the member's
        as(member).post("/api/v1/sessions/{id}/revoke", sid).then().statusCode(200).body("state", equalTo("revoked"));
        technician.awaitClose();
        assertThat(world.sessionState(UUID.fromString(sid))).isEqualTo("revoked");
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'session.revoked' "
                + "AND actor = $2", UUID.fromString(sid), member)).isEqualTo(1);
        // The member lists the home's sessions as their own
        as(member).get("/api/v1/sessions").then().statusCode(200).body("id", contains(sid));
    }

    @Test
    void shouldAuditInvitationsRightsRemovalAndLeaving() {
        Home home = world.home(List.of("diag.read"), 600);
        String member = Tokens.unique("member");
        String leaver = Tokens.unique("leaver");

        // Invited by subject, with the right to decide; invited by e-mail, without
        String first = invite(home, member, Map.of("mayDecide", true));
        String second = invite(home, leaver + "@example.test", Map.of());
        assertThat(world.auditRows(home.homeId(), "household.invited", first)).isEqualTo(1);
        assertThat(world.auditRows(home.homeId(), "household.invited", second)).isEqualTo(1);
        // Only the named invitee sees and accepts an invitation
        as(Tokens.unique("other")).post("/api/v1/invitations/{id}/accept", first).then().statusCode(404);
        as(member).get("/api/v1/invitations").then().statusCode(200).body("id", contains(first));
        UUID memberId = UUID.fromString(accept(member, first).body("mayDecide", equalTo(true))
                .extract().path("residentId"));
        UUID leaverId = UUID.fromString(accept(leaver, second).extract().path("residentId"));
        assertThat(world.auditRows(home.homeId(), "household.joined", first)).isEqualTo(1);
        as(member).post("/api/v1/invitations/{id}/accept", first).then().statusCode(409)
                .body("code", equalTo("invitation_not_pending"));
        // A member cannot manage the household
        as(member).contentType(ContentType.JSON).body(Map.of("invitee", "x@example.test"))
                .post("/api/v1/homes/{id}/invitations", home.homeId()).then().statusCode(403)
                .body("code", equalTo("household_right_required"));
        as(member).get("/api/v1/homes/{id}/members", home.homeId()).then().statusCode(200)
                .body("role", contains("owner", "member", "member"));

        // The owner takes the right to decide away (audited), then removes the member (audited)
        owner(home).contentType(ContentType.JSON).body(Map.of("mayDecide", false))
                .put("/api/v1/homes/{h}/members/{r}", home.homeId(), memberId).then().statusCode(200)
                .body("mayDecide", equalTo(false));
        assertThat(world.auditRows(home.homeId(), "household.rights_changed", memberId.toString())).isEqualTo(1);
        owner(home).delete("/api/v1/homes/{h}/members/{r}", home.homeId(), memberId).then().statusCode(204);
        assertThat(world.auditRows(home.homeId(), "household.member_removed", memberId.toString())).isEqualTo(1);
        as(member).get("/api/v1/homes/{id}", home.homeId()).then().statusCode(404);

        // A member may leave; the owner may not
        as(leaver).delete("/api/v1/homes/{h}/members/{r}", home.homeId(), leaverId).then().statusCode(204);
        assertThat(world.auditRows(home.homeId(), "household.member_left", leaverId.toString())).isEqualTo(1);
        String ownerId = owner(home).get("/api/v1/homes/{id}/members", home.homeId()).then().statusCode(200)
                .body("$", hasSize(1)).extract().path("[0].residentId");
        owner(home).delete("/api/v1/homes/{h}/members/{r}", home.homeId(), ownerId).then().statusCode(409)
                .body("code", equalTo("household_owner_cannot_leave"));
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind LIKE 'household.%'",
                home.homeId())).isEqualTo(7);
    }

    private String invite(Home home, String invitee, Map<String, Object> rights) {
        var body = new java.util.HashMap<String, Object>(rights);
        body.put("invitee", invitee);
        return owner(home).contentType(ContentType.JSON).body(body)
                .post("/api/v1/homes/{id}/invitations", home.homeId()).then().statusCode(201)
                .body("state", equalTo("pending")).extract().path("id");
    }

    private io.restassured.response.ValidatableResponse accept(String resident, String invitation) {
        return as(resident).post("/api/v1/invitations/{id}/accept", invitation).then().statusCode(200);
    }

    private RequestSpecification owner(Home home) {
        return given().auth().oauth2(world.residentToken(home));
    }

    private RequestSpecification as(String resident) {
        return given().auth().oauth2(memberToken(resident));
    }

    private String memberToken(String resident) {
        return tokens.residentAuthenticatedAt(resident, Instant.now(), true);
    }
}
