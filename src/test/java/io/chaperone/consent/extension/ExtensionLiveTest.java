package io.chaperone.consent.extension;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.MutableClock;
import io.chaperone.support.Tokens;
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

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An extension approved while the technician is connected: both sides learn the new end at once (session frame,
 * hub capability, the resident's feed), the expiry timer and warnings move, and the socket closes at the new end.
 */
@QuarkusTest
class ExtensionLiveTest {

    @Inject
    RelayWorld world;
    @Inject
    MutableClock clock;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        clock.reset();
        world.closeAll();
    }

    @Test
    void shouldMoveTheTimerAndTheSessionFrameOfTheOpenSocketAndCloseAtTheNewEnd() {
        Home home = world.home(List.of("diag.read", "config.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        // The old end close enough to pass in real time while the test runs: the relay's timers are real timers.
        Instant oldEnd = Instant.now().plusMillis(3_000).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        world.setExpiresAt(sid, oldEnd);
        WsClient feed = world.open("/ws/homes/" + home.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + world.residentToken(home)));
        WsClient technician = world.technician(home, sid);
        JsonObject first = technician.await(f -> "session".equals(f.getString("type")));
        assertThat(Instant.parse(first.getString("expiresAt"))).isEqualTo(oldEnd);

        String eid = given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("minutes", 1, "reason", "firmware log still uploading"))
                .post("/api/v1/sessions/{id}/extensions", sid).then().statusCode(201)
                .extract().path("id");
        feed.await(f -> "extension.requested".equals(f.getString("type")) && eid.equals(f.getString("extensionId")));
        Instant newEnd = oldEnd.plusSeconds(60);
        String approvedEnd = given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON)
                .post("/api/v1/sessions/{id}/extensions/{eid}/approve", sid, eid).then().statusCode(200)
                .extract().path("expiresAt");

        // Both sides at once: the technician's new session frame, the hub's new capability, the resident's feed.
        assertThat(Instant.parse(approvedEnd)).isEqualTo(newEnd);
        JsonObject second = technician.await(f -> "session".equals(f.getString("type"))
                && newEnd.equals(Instant.parse(f.getString("expiresAt"))));
        assertThat(second.getJsonObject("scope").getInteger("version")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> home.hub().agent().receivedFrames().stream()
                .filter(f -> "session.open".equals(f.getString("type"))).count() == 2);
        JsonObject extended = feed.await(f -> "session.extended".equals(f.getString("type")));
        assertThat(Instant.parse(extended.getString("expiresAt"))).isEqualTo(newEnd);
        assertThat(extended.getString("extensionId")).isEqualTo(eid);

        // The warnings follow the new end: its one-minute warning falls on the old end.
        JsonObject warning = technician.await(f -> "expiring".equals(f.getString("type")));
        assertThat(warning.getLong("inSeconds")).isEqualTo(60L);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(oldEnd.plusMillis(1_000)));
        assertThat(technician.isOpen()).isTrue();
        technician.sendCommand("c-past-old-end", "thermostat-1", "diag.read");
        assertThat(technician.awaitReply("result", "c-past-old-end").getBoolean("ok")).isTrue();

        // ±1 ms around the new end on the app's clock.
        clock.pin(newEnd.minusMillis(1));
        technician.sendCommand("c-last", "thermostat-1", "diag.read");
        assertThat(technician.awaitReply("result", "c-last").getBoolean("ok")).isTrue();
        clock.pin(newEnd.plusMillis(1));
        technician.sendCommand("c-late", "thermostat-1", "diag.read");
        assertThat(technician.awaitClose()).isEqualTo(4001);
        await().atMost(Duration.ofSeconds(5)).until(() -> "expired".equals(world.sessionState(sid)));
        assertThat(home.hub().agent().receivedCommands()).extracting(c -> c.getString("id"))
                .containsExactly("c-past-old-end", "c-last");
        assertThat(technician.frames("expiring")).hasSize(1);
        assertThat(world.auditRows(sid, "extension.requested", eid)).isEqualTo(1);
        assertThat(world.auditRows(sid, "extension.approved", eid)).isEqualTo(1);
        assertThat(world.count("SELECT scope_version FROM support_sessions WHERE id = $1", sid)).isEqualTo(1);
    }
}
