package io.chaperone.notify;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consent events become notifications: stored in the outbox and pushed live on the resident's activity feed. */
@QuarkusTest
class SessionNoticesTest {

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldNotifyApprovalNeededAndSessionEndedLiveAndInTheList() {
        Home home = world.home(List.of("diag.read"), 600);
        WsClient feed = world.open("/ws/homes/" + home.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + world.residentToken(home)));

        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/revoke", sid)
                .then().statusCode(org.hamcrest.Matchers.lessThan(300));

        await().atMost(Duration.ofSeconds(20)).until(() -> feed.frames("notification").size() == 2);
        List<JsonObject> live = feed.frames("notification");
        assertThat(live).extracting(f -> f.getString("kind")).containsExactly("approval.needed", "session.ended");
        assertThat(live).allSatisfy(f -> assertThat(f.getJsonObject("summary").getString("sessionId"))
                .isEqualTo(sid.toString()));
        assertThat(live.get(1).getJsonObject("summary").getJsonObject("facts").getString("how")).isEqualTo("session.revoked");

        List<String> stored = given().auth().oauth2(world.residentToken(home))
                .get("/api/v1/homes/{id}/notifications", home.homeId()).then().statusCode(200).extract().path("kind");
        assertThat(stored).containsExactly("session.ended", "approval.needed");
    }
}
