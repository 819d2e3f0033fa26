package io.chaperone.consent;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** A home's session history for the resident app: {@code GET /sessions?homeId=} with how each session ended. */
@QuarkusTest
class SessionHistoryTest {

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldListOnlyTheNamedHomesSessionsWithHowTheyEnded() {
        Home home = world.home(List.of("diag.read"), 600);
        String resident = world.residentToken(home);
        UUID ended = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        given().auth().oauth2(resident).post("/api/v1/sessions/{id}/revoke", ended).then().statusCode(200);
        UUID open = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        UUID otherHome = world.newHome(home.resident());

        given().auth().oauth2(resident).queryParam("homeId", home.homeId()).get("/api/v1/sessions").then().statusCode(200)
                .body("id", contains(open.toString(), ended.toString()))
                .body("state", contains("approved", "revoked"))
                .body("[0].endedAt", nullValue()).body("[0].endReason", nullValue())
                .body("[1].endedAt", notNullValue()).body("[1].endReason", equalTo("revoked by resident"))
                .body("[1].templateId", equalTo(home.templateId().toString()));
        given().auth().oauth2(resident).queryParam("homeId", otherHome).get("/api/v1/sessions").then().statusCode(200)
                .body("$", empty());
        // Someone else's home lists nothing, exactly as a home without sessions: the id reveals nothing.
        given().auth().oauth2(tokens.resident(Tokens.unique("stranger"))).queryParam("homeId", home.homeId())
                .get("/api/v1/sessions").then().statusCode(200).body("$", empty());
        given().auth().oauth2(resident).queryParam("homeId", "not-a-uuid").get("/api/v1/sessions").then().statusCode(400)
                .body("code", equalTo("invalid_home_id"));
        given().auth().oauth2(resident).queryParam("homeId", home.homeId()).queryParam("state", "revoked")
                .get("/api/v1/sessions").then().statusCode(200).body("id", contains(ended.toString()));
    }
}
