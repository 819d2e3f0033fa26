package io.chaperone.ops;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
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
import static org.hamcrest.Matchers.equalTo;

/** The ops emergency kill switch for a session and for a hub: real hub simulator, real sockets, real PostgreSQL. */
@QuarkusTest
class OpsKillSwitchTest {

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private Home home() {
        return world.home(List.of("diag.read"), 600);
    }

    private UUID liveSession(Home home, WsClient[] technician) {
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        technician[0] = world.technician(home, sid);
        technician[0].await(f -> "session".equals(f.getString("type")));
        return sid;
    }

    @Test
    void shouldTerminateALiveSessionWithItsOwnStateCloseCodeAndAuditEvent() {
        // Given a live session
        Home home = home();
        WsClient[] technician = new WsClient[1];
        UUID sid = liveSession(home, technician);
        String ops = Tokens.unique("ops");

        // When ops kill it
        kill(tokens.ops(ops), "/api/v1/ops/sessions/{id}/kill", sid, "suspected account takeover")
                .statusCode(200).body("state", equalTo("terminated"));

        // Then the technician closes with 4011, the hub is told, the state is terminated (not revoked), audited C1
        assertThat(technician[0].awaitClose()).isEqualTo(4011);
        await().atMost(Duration.ofSeconds(5)).until(() -> home.hub().agent().receivedFrames().stream()
                .anyMatch(f -> "session.close".equals(f.getString("type")) && "terminated".equals(f.getString("reason"))));
        assertThat(world.sessionState(sid)).isEqualTo("terminated");
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'session.killed' "
                + "AND actor = $2 AND outcome = 'terminated'", sid, ops)).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'session.revoked'", sid))
                .isZero();
        assertThat(world.count("SELECT count(*) FROM support_sessions WHERE id = $1 "
                + "AND end_reason = 'suspected account takeover'", sid)).isEqualTo(1);
        // and nothing reconnects: the session is terminal
        given().auth().oauth2(world.technicianToken(home)).post("/api/v1/sessions/{id}/tickets", sid)
                .then().statusCode(409).body("code", equalTo("session_not_connectable"));
    }

    @Test
    void shouldRequireAReasonAndTheOpsRole() {
        // Given
        Home home = home();
        WsClient[] technician = new WsClient[1];
        UUID sid = liveSession(home, technician);

        // When / Then
        given().auth().oauth2(tokens.ops(Tokens.unique("ops"))).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .post("/api/v1/ops/sessions/{id}/kill", sid).then().statusCode(400).body("code", equalTo("invalid_body"));
        kill(world.residentToken(home), "/api/v1/ops/sessions/{id}/kill", sid, "not mine to pull").statusCode(403);
        kill(world.residentToken(home), "/api/v1/ops/hubs/{id}/kill", home.hubId(), "not mine to pull").statusCode(403);
        assertThat(technician[0].isOpen()).isTrue();
        assertThat(world.sessionState(sid)).isEqualTo("active");
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'session.killed'", sid))
                .isZero();
    }

    @Test
    void shouldKillAHubWithItsSessionsAndKeepItOutUntilOpsLiftIt() {
        // Given a hub with a live session and a pending request
        Home home = home();
        WsClient[] technician = new WsClient[1];
        UUID live = liveSession(home, technician);
        String pending = given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", home.ticketId(), "hubId", home.hubId(), "templateId", home.templateId(),
                        "durationMinutes", 30, "reason", "pending"))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        String ops = Tokens.unique("ops");

        // When
        kill(tokens.ops(ops), "/api/v1/ops/hubs/{id}/kill", home.hubId(), "hub sends forged inventory")
                .statusCode(200).body("killed", equalTo(true)).body("sessionsTerminated", equalTo(2))
                .body("killedBy", equalTo(ops));

        // Then the sessions are terminated, the technician and the hub are closed with 4011
        assertThat(technician[0].awaitClose()).isEqualTo(4011);
        SimulatedHub hub = home.hub();
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.lastCloseCode().orElse(0) == 4011);
        assertThat(world.sessionState(live)).isEqualTo("terminated");
        assertThat(world.sessionState(UUID.fromString(pending))).isEqualTo("terminated");
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'hub.killed' "
                + "AND actor = $2", home.hubId(), ops)).isEqualTo(1);
        // and the hub may not come back, nor a session be approved on it
        assertThat(world.hubUpgradeStatus(home.identity())).isEqualTo(403);
        String next = given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", home.ticketId(), "hubId", home.hubId(), "templateId", home.templateId(),
                        "durationMinutes", 30, "reason", "after kill"))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/sessions/{id}/approve", next).then().statusCode(409).body("code", equalTo("hub_killed"));

        // When ops lift the kill, then the hub connects again
        kill(tokens.ops(ops), "/api/v1/ops/hubs/{id}/lift", home.hubId(), "inventory explained").statusCode(200)
                .body("killed", equalTo(false));
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'hub.kill_lifted'",
                home.hubId())).isEqualTo(1);
        assertThat(world.hubUpgradeStatus(home.identity())).isEqualTo(101);
    }

    @Test
    void shouldAnswerConflictWhenLiftingAHubThatIsNotKilled() {
        Home home = home();

        kill(tokens.ops(Tokens.unique("ops")), "/api/v1/ops/hubs/{id}/lift", home.hubId(), "nothing to lift")
                .statusCode(409).body("code", equalTo("hub_not_killed"));
        kill(tokens.ops(Tokens.unique("ops")), "/api/v1/ops/hubs/{id}/kill", UUID.randomUUID(), "unknown")
                .statusCode(404).body("code", equalTo("not_found"));
    }

    private static ValidatableResponse kill(String token, String path, Object id, String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", reason))
                .post(path, id).then();
    }
}
