package io.chaperone.optout;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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

/**
 * The resident's opt-out (ADR 0023): a minimal live feed says that something happened, never what; the audit of
 * the session is unchanged and cannot be turned off; every change of the choice is audited.
 */
@QuarkusTest
class LoggingChoiceTest {

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldKeepPayloadOutOfAMinimalFeedWhileTheAuditStaysWhole() {
        Home home = world.home(List.of("diag.read"), 600);
        String resident = world.residentToken(home);
        given().auth().oauth2(resident).get("/api/v1/homes/{id}/logging-choices", home.homeId()).then().statusCode(200)
                .body("liveFeedContent", org.hamcrest.Matchers.equalTo("full"))
                .body("sessionAudit", org.hamcrest.Matchers.equalTo("always"));
        choose(home, "minimal");
        WsClient feed = world.open("/ws/homes/" + home.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + resident));

        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> world.auditRows(sid, "result", "c-1") == 1);
        JsonObject command = feed.await(f -> "activity".equals(f.getString("type"))
                && "command".equals(f.getJsonObject("event").getString("kind")));

        // What happened is there (a command, in order), what it was is not; the request still asks for a decision.
        assertThat(command.getJsonObject("event").fieldNames()).containsExactlyInAnyOrder("chainId", "seq", "at", "kind");
        assertThat(feed.frames("approval.requested")).hasSize(1);
        assertThat(world.auditRows(sid, "command", "c-1")).isEqualTo(1);

        choose(home, "full");
        technician.sendCommand("c-2", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-2");
        JsonObject result = feed.await(f -> "activity".equals(f.getString("type"))
                && "result".equals(f.getJsonObject("event").getString("kind")));
        assertThat(result.getJsonObject("event").getString("correlationId")).isEqualTo("c-2");
        JsonObject full = feed.await(f -> "activity".equals(f.getString("type"))
                && "command".equals(f.getJsonObject("event").getString("kind"))
                && "c-2".equals(f.getJsonObject("event").getString("correlationId")));
        assertThat(full.getJsonObject("event").getString("device")).isEqualTo("thermostat-1");
        assertThat(full.getJsonObject("event").getString("op")).isEqualTo("diag.read");
        // While minimal, no result or output frame reached the feed at all.
        assertThat(feed.frames("activity").stream().map(f -> f.getJsonObject("event"))
                .filter(e -> "c-1".equals(e.getString("correlationId")) || "result".equals(e.getString("kind"))
                        && !"c-2".equals(e.getString("correlationId")))).isEmpty();
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'logging_choice.changed'",
                home.homeId())).isEqualTo(2);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'logging_choice.changed' "
                + "AND outcome = 'minimal'", home.homeId())).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnknownChoiceAndAnotherResidentsHome() {
        Home home = world.home(List.of("diag.read"), 600);
        Home stranger = world.home(List.of("diag.read"), 600);
        given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON)
                .body(Map.of("liveFeedContent", "off")).put("/api/v1/homes/{id}/logging-choices", home.homeId())
                .then().statusCode(400);
        given().auth().oauth2(world.residentToken(stranger)).contentType(ContentType.JSON)
                .body(Map.of("liveFeedContent", "minimal")).put("/api/v1/homes/{id}/logging-choices", home.homeId())
                .then().statusCode(404);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'logging_choice.changed'",
                home.homeId())).isZero();
    }

    private void choose(Home home, String content) {
        given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON)
                .body(Map.of("liveFeedContent", content)).put("/api/v1/homes/{id}/logging-choices", home.homeId())
                .then().statusCode(200).body("liveFeedContent", org.hamcrest.Matchers.equalTo(content));
    }
}
