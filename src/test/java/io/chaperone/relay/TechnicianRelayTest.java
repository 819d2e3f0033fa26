package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.MutableClock;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The technician's leg end to end: a real hub simulator, real sockets, real PostgreSQL. */
@QuarkusTest
class TechnicianRelayTest {

    @Inject
    RelayWorld world;
    @Inject
    MutableClock clock;
    @Inject
    io.vertx.core.Vertx vertx;

    @AfterEach
    void cleanUp() {
        clock.reset();
        world.closeAll();
    }

    private Home home() {
        return world.home(List.of("diag.read", "config.read", "config.write", "logs.read"), 600);
    }

    private UUID diagnosticsOnThermostat(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read", "config.read"))), List.of());
    }

    @Test
    void shouldForwardAnAllowedCommandAfterItsAuditRowAndRelayTheResult() {
        Home home = home();
        UUID sid = diagnosticsOnThermostat(home);
        WsClient technician = world.technician(home, sid);
        JsonObject session = technician.await(f -> "session".equals(f.getString("type")));

        technician.sendCommand("c-1", "thermostat-1", "diag.read");

        JsonObject result = technician.awaitReply("result", "c-1");
        assertThat(result.getBoolean("ok")).isTrue();
        assertThat(session.getString("state")).isEqualTo("active");
        assertThat(session.getJsonObject("scope").getInteger("version")).isEqualTo(1);
        assertThat(home.hub().agent().receivedCommands()).singleElement()
                .satisfies(cmd -> {
                    assertThat(cmd.getString("id")).isEqualTo("c-1");
                    assertThat(cmd.getLong("seq")).isEqualTo(1L);
                    assertThat(cmd.getString("sid")).isEqualTo(sid.toString());
                });
        assertThat(world.auditRows(sid, "command", "c-1")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> world.auditRows(sid, "result", "c-1") == 1);
        assertThat(world.sessionState(sid)).isEqualTo("active");
    }

    @Test
    void shouldDenyAnOperationOutsideTheScopeAndNeverForwardIt() {
        Home home = home();
        UUID sid = diagnosticsOnThermostat(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        technician.sendCommand("c-write", "thermostat-1", "config.write");
        technician.sendCommand("c-light", "light-1", "diag.read");
        technician.sendCommand("c-ghost", "ghost-9", "diag.read");
        technician.sendCommand("c-bogus", "thermostat-1", "format.disk");

        assertDenied(technician.awaitReply("denied", "c-write"), "out_of_scope", true);
        assertDenied(technician.awaitReply("denied", "c-light"), "out_of_scope", true);
        assertDenied(technician.awaitReply("denied", "c-ghost"), "device_unknown", false);
        assertDenied(technician.awaitReply("denied", "c-bogus"), "out_of_scope", true);
        technician.sendCommand("c-ok", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-ok");
        assertThat(home.hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-ok");
        assertThat(world.auditRows(sid, "command", "c-write")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> world.auditRows(sid, "command.denied", "c-write") == 1);
    }

    @Test
    void shouldPassACommandOneMillisecondBeforeExpiryAndRefuseItOneMillisecondAfter() {
        Home home = home();
        UUID sid = diagnosticsOnThermostat(home);
        Instant expiresAt = Instant.parse(given().auth().oauth2(world.residentToken(home))
                .get("/api/v1/sessions/{id}", sid).then().statusCode(200).extract().path("expiresAt"));
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        clock.pin(expiresAt.minusMillis(1));
        technician.sendCommand("c-before", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-before");
        clock.pin(expiresAt.plusMillis(1));
        technician.sendCommand("c-after", "thermostat-1", "diag.read");

        // The expiry job may close the socket (4001) before the frame is judged; either way it must not pass.
        await().atMost(Duration.ofSeconds(10)).until(() -> !technician.frames("denied").isEmpty()
                || technician.closeCode() != null);
        if (!technician.frames("denied").isEmpty()) {
            assertDenied(technician.awaitReply("denied", "c-after"), "expired", false);
        } else {
            assertThat(technician.closeCode()).isEqualTo(4001);
        }
        assertThat(home.hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-before");
    }

    @Test
    void shouldCloseAnIdleSessionAtExpiryWithoutAnyFrame() {
        Home home = home();
        UUID sid = diagnosticsOnThermostat(home);
        world.setExpiresAt(sid, Instant.now().plusMillis(1500));
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        assertThat(technician.awaitClose()).isEqualTo(4001);

        await().atMost(Duration.ofSeconds(5)).until(() -> "expired".equals(world.sessionState(sid)));
        await().atMost(Duration.ofSeconds(5)).until(() -> home.hub().agent().receivedFrames().stream()
                .anyMatch(f -> "session.close".equals(f.getString("type")) && "expired".equals(f.getString("reason"))));
    }

    @Test
    void shouldWarnTheTechnicianOneMinuteBeforeExpiry() {
        Home home = home();
        UUID sid = diagnosticsOnThermostat(home);
        world.setExpiresAt(sid, Instant.now().plusMillis(61_500));
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        JsonObject warning = technician.await(f -> "expiring".equals(f.getString("type")));

        assertThat(warning.getLong("inSeconds")).isEqualTo(60L);
        assertThat(technician.frames("expiring")).hasSize(1);
        assertThat(technician.isOpen()).isTrue();
    }

    @Test
    void shouldNotLetAnotherResidentOrTechnicianCutALiveSessionByItsId() {
        Home home = home();
        Home stranger = home();
        UUID sid = diagnosticsOnThermostat(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        given().auth().oauth2(world.residentToken(stranger)).post("/api/v1/sessions/{id}/revoke", sid)
                .then().statusCode(404);
        given().auth().oauth2(world.residentToken(stranger)).post("/api/v1/sessions/{id}/suspend", sid)
                .then().statusCode(404);
        given().auth().oauth2(world.technicianToken(stranger)).post("/api/v1/sessions/{id}/end", sid)
                .then().statusCode(404);

        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        assertThat(technician.awaitReply("result", "c-1").getBoolean("ok")).isTrue();
        assertThat(technician.isOpen()).isTrue();
        assertThat(world.sessionState(sid)).isEqualTo("active");
        assertThat(technician.frames("session")).hasSize(1);
    }

    @Test
    void shouldForwardNoCommandAfterTheRevocationCommits() {
        Home home = home();
        UUID sid = diagnosticsOnThermostat(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        long pacer = vertx.setPeriodic(3, id -> {
            if (technician.isOpen() && sent.get() < 400) {
                technician.sendCommand("c-" + sent.getAndIncrement(), "thermostat-1", "diag.read");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> home.hub().agent().receivedCommands().size() >= 5);

        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/revoke", sid)
                .then().statusCode(200);
        int receivedAtCommit = home.hub().agent().receivedCommands().size();

        assertThat(technician.awaitClose()).isEqualTo(4002);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> home.hub().agent().receivedCommands().size() == receivedAtCommit);
        vertx.cancelTimer(pacer);
        assertThat(world.sessionState(sid)).isEqualTo("revoked");
        for (JsonObject cmd : home.hub().agent().receivedCommands()) {
            assertThat(world.auditRows(sid, "command", cmd.getString("id"))).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> home.hub().agent().receivedFrames().stream()
                .anyMatch(f -> "session.close".equals(f.getString("type")) && "revoked".equals(f.getString("reason"))));
    }

    @Test
    void shouldWidenTheLiveGrantWhenAnEscalationIsApproved() {
        Home home = home();
        UUID sid = diagnosticsOnThermostat(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.send(new JsonObject().put("type", "cmd").put("id", "c-1").put("device", "thermostat-1")
                .put("op", "config.write").put("args", new JsonObject().put("setpoint", 19.0)));
        assertDenied(technician.awaitReply("denied", "c-1"), "out_of_scope", true);

        String eid = given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("scope", Map.of("grants", List.of(grant(List.of("thermostat-1"), List.of("config.write")))),
                        "reason", "lower the setpoint"))
                .post("/api/v1/sessions/{id}/escalations", sid).then().statusCode(201).extract().path("id");
        given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/sessions/{id}/escalations/{eid}/approve", sid, eid)
                .then().statusCode(200);

        technician.await(f -> "session".equals(f.getString("type")) && f.getJsonObject("scope").getInteger("version") == 2);
        technician.send(new JsonObject().put("type", "cmd").put("id", "c-2").put("device", "thermostat-1")
                .put("op", "config.write").put("args", new JsonObject().put("setpoint", 19.0)));
        JsonObject result = technician.awaitReply("result", "c-2");
        assertThat(result.getBoolean("ok")).isTrue();
        assertThat(result.getJsonObject("configChange")).isNotNull();
        assertThat(technician.isOpen()).isTrue();
    }

    @Test
    void shouldRedactSensitiveValuesTheResidentDidNotReveal() {
        Home home = home();
        UUID sid = world.approvedSession(home, List.of(grant(List.of("wifi-1"), List.of("config.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        technician.sendCommand("c-wifi", "wifi-1", "config.read");

        String text = technician.awaitReply("result", "c-wifi").encode();
        assertThat(text).contains("\"$redacted\":\"secret\"").doesNotContain("$sensitive");
    }

    private static void assertDenied(JsonObject denied, String code, boolean escalatable) {
        assertThat(denied.getString("code")).isEqualTo(code);
        assertThat(denied.getBoolean("escalatable")).isEqualTo(escalatable);
        assertThat(denied.getString("message")).isNotBlank();
    }
}
