package io.chaperone.change;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.simulator.SimulatedDevice;
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

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The end-of-session read-back and the resident's rollback, against the real relay and the simulated hub. */
@QuarkusTest
class RollbackTest {

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private UUID writingSession(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("config.write"))), List.of());
    }

    private void write(WsClient technician, String id, JsonObject args) {
        technician.send(new JsonObject().put("type", "cmd").put("id", id).put("device", "thermostat-1")
                .put("op", "config.write").put("args", args));
        assertThat(technician.awaitReply("result", id).getBoolean("ok")).isTrue();
    }

    /** The technician's socket of the session, once its {@code session} frame arrived. */
    private WsClient connect(Home home, UUID sid) {
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        return technician;
    }

    private static long restoresSent(Home home) {
        return home.hub().agent().receivedCommands().stream().filter(c -> "config.restore".equals(c.getString("op"))).count();
    }

    private void end(Home home, UUID sid) {
        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/end", sid).then().statusCode(200);
    }

    private List<String> persistence(Home home, UUID sid) {
        return given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}/changes", sid).then()
                .statusCode(200).extract().path("persistence");
    }

    private SimulatedDevice thermostat(Home home) {
        return home.hub().agent().device("thermostat-1").orElseThrow();
    }

    @Test
    void shouldTellAPersistedChangeFromARevertedOneAtTheSessionsEnd() {
        Home home = world.home(List.of("config.write"), 600);
        UUID sid = writingSession(home);
        WsClient technician = connect(home, sid);
        write(technician, "c-1", new JsonObject().put("setpoint", 23));
        write(technician, "c-2", new JsonObject().put("mode", "cool"));
        await().atMost(Duration.ofSeconds(10)).until(() -> persistence(home, sid).size() == 2);
        thermostat(home).changedLocally("mode", "heat"); // the resident turned it back at the device

        end(home, sid);

        await().atMost(Duration.ofSeconds(20)).until(() -> !persistence(home, sid).contains("pending"));
        assertThat(persistence(home, sid)).containsExactly("persisted", "reverted");
        // the read-back went through the gate as a system command, audited C1 like a technician's
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'command' "
                + "AND op = 'config.read' AND actor = 'system:change'", sid)).isEqualTo(1);
    }

    @Test
    void shouldRestoreTheExactBeforeStateNewestFirstAfterTheSessionEnded() {
        Home home = world.home(List.of("config.write"), 600);
        JsonObject factory = thermostat(home).config();
        UUID sid = writingSession(home);
        WsClient technician = connect(home, sid);
        write(technician, "c-1", new JsonObject().put("setpoint", 23));
        write(technician, "c-2", new JsonObject().put("setpoint", 24).put("mode", "cool"));
        await().atMost(Duration.ofSeconds(10)).until(() -> persistence(home, sid).size() == 3);
        end(home, sid);
        await().atMost(Duration.ofSeconds(20)).until(() -> !persistence(home, sid).contains("pending"));

        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/rollback", sid).then().statusCode(200)
                .body("results", hasSize(3))
                .body("results.setting", contains("mode", "setpoint", "setpoint"))
                .body("results.result", contains("restored", "restored", "restored"));

        assertThat(thermostat(home).config()).isEqualTo(factory);
        given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}/changes", sid).then().statusCode(200)
                .body("rollback", contains("restored", "restored", "restored"));
        // each restore is a C1 command row of the system actor, before it reached the hub
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'command' "
                + "AND op = 'config.restore' AND actor = 'system:change' AND outcome = 'allowed'", sid)).isEqualTo(3);
        assertThat(restoresSent(home)).isEqualTo(3);
        // a second rollback has nothing left to do
        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/rollback", sid).then().statusCode(200)
                .body("results", hasSize(0));
    }

    @Test
    void shouldRefuseASecondRollbackOfAChangeNamedAgain() {
        Home home = world.home(List.of("config.write"), 600);
        UUID sid = writingSession(home);
        WsClient technician = connect(home, sid);
        write(technician, "c-1", new JsonObject().put("setpoint", 23));
        await().atMost(Duration.ofSeconds(10)).until(() -> persistence(home, sid).size() == 1);
        end(home, sid);
        await().atMost(Duration.ofSeconds(20)).until(() -> !persistence(home, sid).contains("pending"));
        String change = given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}/changes", sid).then()
                .extract().path("[0].id");
        given().auth().oauth2(world.residentToken(home)).contentType("application/json").body(Map.of("changes", List.of(change)))
                .post("/api/v1/sessions/{id}/rollback", sid).then().statusCode(200).body("results.result", contains("restored"));

        given().auth().oauth2(world.residentToken(home)).contentType("application/json").body(Map.of("changes", List.of(change)))
                .post("/api/v1/sessions/{id}/rollback", sid).then().statusCode(409)
                .body("code", equalTo("change_already_restored"))
                .body("detail", equalTo("the change of setpoint on thermostat-1 was already rolled back"));

        // nothing more reached the hub than the one restore
        assertThat(restoresSent(home)).isEqualTo(1);
    }

    @Test
    void shouldRefuseToOverwriteASettingChangedAgainSince() {
        Home home = world.home(List.of("config.write"), 600);
        UUID first = writingSession(home);
        WsClient technician = connect(home, first);
        write(technician, "c-1", new JsonObject().put("setpoint", 23));
        await().atMost(Duration.ofSeconds(10)).until(() -> persistence(home, first).size() == 1);
        end(home, first);
        technician.awaitClose();
        UUID second = writingSession(home);
        WsClient again = connect(home, second);
        write(again, "c-1", new JsonObject().put("setpoint", 25));
        await().atMost(Duration.ofSeconds(10)).until(() -> persistence(home, second).size() == 1);

        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/rollback", first).then().statusCode(200)
                .body("results.result", contains("conflict"));
        // and a change made at the device itself is refused by the hub's compare-and-set
        thermostat(home).changedLocally("setpoint", 19);
        given().auth().oauth2(world.residentToken(home)).contentType("application/json").body(Map.of())
                .post("/api/v1/sessions/{id}/rollback", second).then().statusCode(200)
                .body("results.result", contains("conflict"));

        assertThat(thermostat(home).config().getValue("setpoint")).isEqualTo(19);
        given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}/changes", first).then()
                .body("rollback", contains("conflict"));
        given().auth().oauth2(world.technicianToken(home)).post("/api/v1/sessions/{id}/rollback", first).then()
                .statusCode(403);
    }

    @Test
    void shouldLeaveChangesUnknownAndRollbackOfflineWhileTheHubIsGone() throws Exception {
        Home home = world.home(List.of("config.write"), 600);
        UUID sid = writingSession(home);
        WsClient technician = connect(home, sid);
        write(technician, "c-1", new JsonObject().put("setpoint", 23));
        await().atMost(Duration.ofSeconds(10)).until(() -> persistence(home, sid).size() == 1);
        home.hub().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(
                "SELECT count(*) FROM hubs WHERE id = $1 AND online = false", home.hubId()) == 1);

        end(home, sid);

        await().atMost(Duration.ofSeconds(20)).until(() -> persistence(home, sid).equals(List.of("unknown")));
        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/rollback", sid).then().statusCode(200)
                .body("results.result", contains("offline"));
        assertThat(restoresSent(home)).isZero();
    }
}
