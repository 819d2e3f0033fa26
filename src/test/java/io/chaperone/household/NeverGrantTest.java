package io.chaperone.household;

import io.chaperone.consent.ConsentFixture;
import io.chaperone.consent.SessionState;
import io.chaperone.relay.RelayWorld;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The never-grant list: refused at request time before anyone is asked, and again at approval. */
@QuarkusTest
class NeverGrantTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    RelayWorld relay;

    @AfterEach
    void cleanUp() {
        relay.closeAll();
    }

    @Test
    void shouldRefuseARequestTouchingANeverGrantedDeviceBeforeItReachesTheOwner() {
        var world = fixture.world();
        WsClient feed = relay.open("/ws/homes/" + world.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + fixture.residentToken(world)));
        String entry = add(world, Map.of("device", "camera-1", "note", "never the cameras")).statusCode(201)
                .extract().path("id");
        assertThat(relay.auditRows(world.homeId(), "never_grant.added", entry)).isEqualTo(1);

        // A request naming the camera: 422 never_granted naming the entry; no session, no event, no audit row
        given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(request(world, List.of(Map.of("devices", List.of("thermostat-1", "camera-1"),
                        "ops", List.of("diag.read")))))
                .post("/api/v1/sessions").then().statusCode(422).body("code", equalTo("never_granted"))
                .body("detail", containsString("device camera-1")).body("detail", containsString(entry));
        assertThat(fixture.sessionsOfTicket(world.ticketId())).isZero();
        assertThat(relay.count("SELECT count(*) FROM audit_events WHERE home_id = $1 AND kind = 'session.requested'",
                world.homeId())).isZero();

        // A request without a scope gets the template's widest minus the list; that one does reach the owner
        String sid = given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(request(world, null)).post("/api/v1/sessions").then().statusCode(201)
                .body("requestedScope.grants.devices.flatten()", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItem("camera-1")))
                .extract().path("id");
        feed.await(f -> "approval.requested".equals(f.getString("type")));
        assertThat(feed.frames("approval.requested")).singleElement()
                .satisfies(f -> assertThat(f.getString("sessionId")).isEqualTo(sid));
        assertThat(fixture.sessionsOfTicket(world.ticketId())).isEqualTo(1);

        // The template, seen for this home, shows what the list takes away from it there
        given().auth().oauth2(fixture.residentToken(world))
                .get("/api/v1/templates/{id}?homeId={h}", world.templateId(), world.homeId()).then().statusCode(200)
                .body("removedByHome.id", org.hamcrest.Matchers.contains(entry))
                .body("removedByHome[0].device", equalTo("camera-1"));
        given().auth().oauth2(fixture.technicianToken(world)).get("/api/v1/templates/{id}", world.templateId()).then()
                .statusCode(200).body("removedByHome", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void shouldRefuseAnApprovalThatWouldAddAnEntryAddedSinceTheRequest() {
        var world = fixture.world();
        String sid = given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(request(world, List.of(Map.of("devices", List.of("thermostat-1"),
                        "ops", List.of("diag.read", "config.write")))))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        add(world, Map.of("device", "thermostat-1", "operation", "config.write")).statusCode(201);
        String personal = add(world, Map.of("dataClass", "personal")).statusCode(201).extract().path("id");

        var asked = Map.of("grants", List.of(Map.of("devices", List.of("thermostat-1"), "ops", List.of("diag.read", "config.write"))));
        approve(world, sid, Map.of("scope", asked)).statusCode(422).body("code", equalTo("never_granted"))
                .body("detail", containsString("operation config.write on device thermostat-1"));
        var narrowed = Map.of("grants", List.of(Map.of("devices", List.of("thermostat-1"), "ops", List.of("diag.read"))));
        approve(world, sid, Map.of("scope", narrowed, "reveal", List.of("personal"))).statusCode(422)
                .body("code", equalTo("never_granted")).body("detail", containsString("data class personal"));
        assertThat(fixture.session(sid).state).isEqualTo(SessionState.requested);
        assertThat(fixture.approvals(sid)).isEmpty();

        approve(world, sid, Map.of("scope", narrowed)).statusCode(200).body("state", equalTo("approved"));

        // Only the owner keeps the list; removal is audited
        given().auth().oauth2(fixture.residentToken(world))
                .delete("/api/v1/homes/{h}/never-grant/{id}", world.homeId(), personal).then().statusCode(204);
        assertThat(relay.auditRows(world.homeId(), "never_grant.removed", personal)).isEqualTo(1);
        add(world, Map.of("device", "thermostat-1", "dataClass", "personal")).statusCode(422)
                .body("code", equalTo("never_grant_invalid"));
        given().auth().oauth2(fixture.residentToken(world)).get("/api/v1/homes/{h}/never-grant", world.homeId()).then()
                .statusCode(200).body("operation", org.hamcrest.Matchers.contains("config.write"));
    }

    private io.restassured.response.ValidatableResponse add(ConsentFixture.World world, Map<String, Object> entry) {
        return given().auth().oauth2(fixture.residentToken(world)).contentType(ContentType.JSON).body(entry)
                .post("/api/v1/homes/{id}/never-grant", world.homeId()).then();
    }

    private io.restassured.response.ValidatableResponse approve(ConsentFixture.World world, String sid,
                                                                Map<String, Object> body) {
        return given().auth().oauth2(fixture.residentToken(world)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/sessions/{id}/approve", sid).then();
    }

    private static Map<String, Object> request(ConsentFixture.World world, List<Map<String, Object>> grants) {
        Map<String, Object> body = new HashMap<>(Map.of("ticketId", world.ticketId(), "hubId", world.hubId(),
                "templateId", world.templateId(), "durationMinutes", 30, "reason", "never-grant test"));
        if (grants != null) {
            body.put("scope", Map.of("grants", grants));
        }
        return body;
    }
}
