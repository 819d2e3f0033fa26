package io.chaperone.ops;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** {@code GET /api/v1/ops/hubs}: every hub for ops, metadata only, with presence, trust and kill state. */
@QuarkusTest
class OpsHubListTest {

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private Map<String, Object> listed(String ops, Home home) {
        List<Map<String, Object>> hubs = given().auth().oauth2(ops).get("/api/v1/ops/hubs")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return hubs.stream().filter(h -> home.hubId().toString().equals(h.get("id"))).findFirst().orElseThrow();
    }

    @Test
    void shouldListAConnectedHubWithItsStateAndNothingSecretThenItsKill() {
        // Given a connected, attested hub
        Home home = world.home(List.of("diag.read"), 600);
        String ops = tokens.ops(Tokens.unique("ops"));

        // When / Then
        Map<String, Object> hub = listed(ops, home);
        assertThat(hub).containsOnlyKeys("id", "homeId", "name", "model", "firmware", "online", "lastSeenAt",
                "attestedAt", "quarantined", "killed", "killedAt", "killReason");
        assertThat(hub).containsEntry("homeId", home.homeId().toString()).containsEntry("online", true)
                .containsEntry("quarantined", false).containsEntry("killed", false)
                .containsEntry("model", RelayWorld.MODEL).containsEntry("firmware", RelayWorld.FIRMWARE);

        // When ops kill it, then the list says so with the reason
        given().auth().oauth2(ops).contentType(ContentType.JSON).body(Map.of("reason", "forged inventory"))
                .post("/api/v1/ops/hubs/{id}/kill", home.hubId()).then().statusCode(200);
        assertThat(listed(ops, home)).containsEntry("killed", true).containsEntry("killReason", "forged inventory");
    }

    @Test
    void shouldRefuseResidentsAndTechnicians() {
        given().auth().oauth2(tokens.resident(Tokens.unique("resident"))).get("/api/v1/ops/hubs")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(tokens.technician(Tokens.unique("tech"), "acme")).get("/api/v1/ops/hubs")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        given().get("/api/v1/ops/hubs").then().statusCode(401);
    }
}
