package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub's leg: identity from the device certificate only, presence, supersession, a vanished hub, foreign answers. */
@QuarkusTest
class HubLegTest {

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private Home home() {
        return world.home(List.of("diag.read"), 600);
    }

    private int hubRefusal(Map<String, String> headers) {
        try {
            world.open("/ws/hub", headers);
        } catch (WsClient.Refused refused) {
            return refused.status();
        }
        throw new AssertionError("the hub upgrade was accepted");
    }

    @Test
    void shouldRefuseEveryHubOnThePlainHttpListener() {
        assertThat(hubRefusal(Map.of())).isEqualTo(401);
        assertThat(hubRefusal(Map.of("Authorization", "Bearer not-a-credential"))).isEqualTo(401);
        assertThat(hubRefusal(Map.of("Authorization", "Basic Zm9vOmJhcg=="))).isEqualTo(401);
    }

    @Test
    void shouldMarkTheHubOnlineAndStoreItsInventory() {
        Home home = home();

        String body = given().auth().oauth2(world.residentToken(home)).get("/api/v1/homes/{id}/hubs/{hub}",
                home.homeId(), home.hubId()).then().statusCode(200).extract().asString();

        assertThat(new JsonObject(body).getBoolean("online")).isTrue();
        assertThat(new JsonObject(body).getJsonArray("devices")).hasSize(RelayWorld.ALL_KINDS.size());
    }

    @Test
    void shouldSupersedeTheOlderConnectionOfTheSameHub() {
        Home home = home();

        SimulatedHub second = world.connectHub(home.identity());

        await().atMost(Duration.ofSeconds(10)).until(() -> home.hub().lastCloseCode().isPresent());
        assertThat(home.hub().lastCloseCode()).contains(4008);
        assertThat(second.isConnected()).isTrue();
    }

    @Test
    void shouldTakeAVanishedHubOfflineAndCutItsTechnicianAfterTheGrace() {
        Home home = home();
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        home.hub().vanish();

        technician.await(f -> "session".equals(f.getString("type")) && !f.getBoolean("hubOnline"));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        assertThat(technician.awaitReply("denied", "c-1").getString("code")).isEqualTo("hub_offline");
        assertThat(technician.awaitClose()).isEqualTo(4006);
        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(
                "SELECT count(*) FROM hubs WHERE id = $1 AND online = false", home.hubId()) == 1);
        assertThat(world.sessionState(sid)).isIn("approved", "active");
        await().atMost(Duration.ofSeconds(5)).until(() -> "approved".equals(world.sessionState(sid)));
    }

    @Test
    void shouldNotLetAHubAnswerForAnotherHubsSession() {
        Home mine = home();
        Home other = home();
        UUID sid = world.approvedSession(mine, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(mine, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        other.hub().send(new JsonObject().put("type", "result").put("sid", sid.toString()).put("id", "c-1")
                .put("ok", true).put("data", new JsonObject().put("forged", true)));

        await().atMost(Duration.ofSeconds(5)).until(() -> other.hub().agent().receivedFrames().stream()
                .anyMatch(f -> "error".equals(f.getString("type")) && "unknown_command".equals(f.getString("code"))));
        technician.sendCommand("c-2", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-2");
        assertThat(technician.frames("result")).extracting(f -> f.getString("id")).containsExactly("c-2");
    }

    @Test
    void shouldAnswerMalformedHubFramesWithErrors() {
        Home home = home();

        home.hub().sendRaw("{\"type\":\"inventory\",\"devices\":\"all\"}");
        home.hub().sendRaw("{\"type\":\"teleport\"}");

        await().atMost(Duration.ofSeconds(5)).until(() -> home.hub().agent().receivedFrames().stream()
                .filter(f -> "error".equals(f.getString("type"))).count() == 2);
        assertThat(home.hub().agent().receivedFrames().stream().filter(f -> "error".equals(f.getString("type")))
                .map(f -> f.getString("code")).toList()).containsExactly("invalid_field", "unknown_type");
        assertThat(home.hub().isConnected()).isTrue();
        assertThat(RestAssured.port).isPositive();
    }
}
