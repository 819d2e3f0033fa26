package io.chaperone.feedback;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Feedback once per party, only after the end, shown to ops beside the template, comments gone with the home. */
@QuarkusTest
class SessionFeedbackTest {

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private static Map<String, Object> body(int rating, String comment) {
        Map<String, Object> body = new HashMap<>();
        body.put("rating", rating);
        if (comment != null) {
            body.put("comment", comment);
        }
        return body;
    }

    private static io.restassured.response.ValidatableResponse give(String token, UUID sid, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/sessions/{id}/feedback", sid).then();
    }

    @Test
    void shouldTakeFeedbackOncePerPartyAfterTheEndAndShowItToOps() {
        Home home = world.home(List.of("diag.read"), 600);
        String resident = world.residentToken(home);
        String technician = world.technicianToken(home);
        String ops = tokens.ops(Tokens.unique("ops"));
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());

        give(resident, sid, body(5, "quick")).statusCode(409).body("code", equalTo("session_not_ended"));
        give(technician, sid, body(4, null)).statusCode(409).body("code", equalTo("session_not_ended"));
        given().auth().oauth2(resident).post("/api/v1/sessions/{id}/revoke", sid).then().statusCode(200);

        give(resident, sid, body(6, null)).statusCode(400);
        give(resident, sid, body(0, null)).statusCode(400);
        give(resident, sid, body(5, "x".repeat(1001))).statusCode(400);
        give(ops, sid, body(5, null)).statusCode(403).body("code", equalTo("feedback_party_only"));
        give(tokens.resident(Tokens.unique("stranger")), sid, body(1, "who?")).statusCode(404);

        give(resident, sid, body(5, "x".repeat(1000))).statusCode(201)
                .body("party", equalTo("resident")).body("rating", equalTo(5));
        give(resident, sid, body(1, "again")).statusCode(409).body("code", equalTo("feedback_exists"));
        give(technician, sid, body(4, null)).statusCode(201).body("party", equalTo("technician"))
                .body("comment", nullValue());
        give(technician, sid, body(2, null)).statusCode(409).body("code", equalTo("feedback_exists"));
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'session_feedback.given'",
                sid)).isEqualTo(2);

        JsonPath forOps = given().auth().oauth2(ops).get("/api/v1/templates/{id}", home.templateId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(forOps.getInt("feedback.count")).isEqualTo(2);
        assertThat(forOps.getDouble("feedback.averageRating")).isEqualTo(4.5);
        assertThat(forOps.getList("feedback.recentComments.comment")).containsExactly("x".repeat(1000));
        assertThat(forOps.getList("feedback.recentComments.party")).containsExactly("resident");
        // Residents and technicians see the template's usage but not other people's feedback.
        given().auth().oauth2(technician).get("/api/v1/templates/{id}", home.templateId())
                .then().statusCode(200).body("feedback", nullValue()).body("usage.sessions", equalTo(1));

        // Erasing the home removes its sessions' comments; the ratings stay with the template.
        given().auth().oauth2(resident).delete("/api/v1/homes/{id}/data", home.homeId()).then().statusCode(200);
        JsonPath erased = given().auth().oauth2(ops).get("/api/v1/templates/{id}", home.templateId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(erased.getInt("feedback.count")).isEqualTo(2);
        assertThat(erased.getList("feedback.recentComments")).isEmpty();
        assertThat(world.count("SELECT count(*) FROM session_feedback WHERE session_id = $1 AND comment IS NOT NULL", sid))
                .isEqualTo(0);
    }

    @Test
    void shouldShowEachPartyOnlyItsOwnSidesFeedback() {
        Home home = world.home(List.of("diag.read"), 600);
        String resident = world.residentToken(home);
        String technician = world.technicianToken(home);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        given().auth().oauth2(resident).post("/api/v1/sessions/{id}/revoke", sid).then().statusCode(200);
        given().auth().oauth2(resident).get("/api/v1/sessions/{id}/feedback", sid).then().statusCode(200)
                .body("$", empty());

        give(resident, sid, body(3, "slow but fine")).statusCode(201);

        given().auth().oauth2(resident).get("/api/v1/sessions/{id}/feedback", sid).then().statusCode(200)
                .body("party", contains("resident")).body("[0].rating", equalTo(3))
                .body("[0].comment", equalTo("slow but fine"));
        given().auth().oauth2(technician).get("/api/v1/sessions/{id}/feedback", sid).then().statusCode(200)
                .body("$", empty());
        given().auth().oauth2(tokens.ops(Tokens.unique("ops"))).get("/api/v1/sessions/{id}/feedback", sid).then()
                .statusCode(403).body("code", equalTo("feedback_party_only"));
        given().auth().oauth2(tokens.resident(Tokens.unique("stranger"))).get("/api/v1/sessions/{id}/feedback", sid).then()
                .statusCode(404);
    }
}
