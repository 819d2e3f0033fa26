package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubAttester.Mode;
import io.chaperone.simulator.SimulatedHub;
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

import static io.chaperone.relay.RelayWorld.FIRMWARE;
import static io.chaperone.relay.RelayWorld.MODEL;
import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attestation over the real mTLS hub leg: fresh single-use nonces, evidence signed by the enrolled key, the
 * ops baseline; any failure quarantines the hub (presence only, no session), a passing attestation lifts it.
 */
@QuarkusTest
class AttestationTest {

    @Inject
    RelayWorld world;
    @Inject
    MutableClock clock;

    @AfterEach
    void cleanUp() {
        clock.reset();
        world.closeAll();
    }

    private Home home() {
        return world.home(List.of("diag.read"), 600);
    }

    /** Reconnects the home's hub with {@code attester} (the older connection is superseded). */
    private SimulatedHub reconnect(Home home, HubAttester attester) {
        return world.connectHub(home.identity(), attester);
    }

    private HubAttester attester(Home home) {
        return new HubAttester(home.identity(), MODEL, FIRMWARE);
    }

    private boolean quarantined(UUID hubId, String reason) {
        return world.count("SELECT count(*) FROM hubs WHERE id = $1 AND quarantined AND quarantine_reason = $2",
                hubId, reason) == 1;
    }

    private long audited(UUID hubId, String kind) {
        return world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = $2", hubId, kind);
    }

    private static JsonObject lastWelcome(SimulatedHub hub) {
        return hub.agent().receivedFrames().stream().filter(f -> "welcome".equals(f.getString("type")))
                .reduce((a, b) -> b).orElseThrow();
    }

    private void awaitQuarantine(UUID hubId, String reason) {
        await().atMost(Duration.ofSeconds(10)).until(() -> quarantined(hubId, reason));
    }

    @Test
    void shouldTrustAHubWhoseSignedEvidenceMatchesTheBaseline() {
        Home home = home();

        assertThat(lastWelcome(home.hub()).getBoolean("trusted")).isTrue();
        assertThat(world.count("SELECT count(*) FROM hubs WHERE id = $1 AND NOT quarantined AND attested_at IS NOT NULL",
                home.hubId())).isEqualTo(1);
        assertThat(audited(home.hubId(), "attestation.passed")).isEqualTo(1);
        assertThat(audited(home.hubId(), "attestation.failed")).isZero();
    }

    @Test
    void shouldQuarantineAHubWithUnknownMeasurementsButKeepItsInventory() {
        Home home = home();

        SimulatedHub tampered = reconnect(home, attester(home).mode(Mode.TAMPERED));

        awaitQuarantine(home.hubId(), "measurements_unknown");
        assertThat(lastWelcome(tampered).getBoolean("trusted")).isFalse();
        assertThat(audited(home.hubId(), "attestation.failed")).isEqualTo(1);
        // the resident sees why, and the inventory of its last attested connection stays
        given().auth().oauth2(world.residentToken(home)).get("/api/v1/homes/{id}/hubs/{hub}", home.homeId(), home.hubId())
                .then().statusCode(200).body("quarantined", org.hamcrest.Matchers.is(true))
                .body("quarantineReason", org.hamcrest.Matchers.is("measurements_unknown"));
        assertThat(world.deviceCount(home.hubId())).isEqualTo(RelayWorld.ALL_KINDS.size());
    }

    @Test
    void shouldQuarantineEvidenceSignedByAnotherKey() {
        Home home = home();

        SimulatedHub hub = reconnect(home, attester(home).mode(Mode.FOREIGN_KEY));

        awaitQuarantine(home.hubId(), "signature_invalid");
        assertThat(lastWelcome(hub).getBoolean("trusted")).isFalse();
    }

    @Test
    void shouldAcceptEvidenceExactlyWhenTheNonceTurnsThirtySecondsOld() {
        Home home = home();
        Instant challenged = Instant.now();
        clock.pin(challenged);
        HubAttester late = attester(home).mode(Mode.HOLD);
        SimulatedHub hub = world.track(world.hubBuilder(home.identity()).attestation(late).build());
        hub.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> late.heldNonce() != null);

        clock.pin(challenged.plus(Duration.ofSeconds(30)));
        hub.send(late.release());

        await().atMost(Duration.ofSeconds(10)).until(() -> hub.welcomeCount() == 1);
        assertThat(lastWelcome(hub).getBoolean("trusted")).isTrue();
    }

    @Test
    void shouldQuarantineEvidenceForANonceOneMillisecondPastThirtySeconds() {
        Home home = home();
        Instant challenged = Instant.now();
        clock.pin(challenged);
        HubAttester late = attester(home).mode(Mode.HOLD);
        SimulatedHub hub = world.track(world.hubBuilder(home.identity()).attestation(late).build());
        hub.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> late.heldNonce() != null);

        clock.pin(challenged.plus(Duration.ofSeconds(30)).plusMillis(1));
        hub.send(late.release());

        awaitQuarantine(home.hubId(), "nonce_stale");
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.welcomeCount() == 1);
        assertThat(lastWelcome(hub).getBoolean("trusted")).isFalse();
    }

    @Test
    void shouldQuarantineAHubThatReplaysEvidence() {
        // Given a trusted hub and the evidence it already used
        Home home = home();
        HubAttester attester = attester(home);
        SimulatedHub hub = reconnect(home, attester);
        JsonObject used = attester.lastEvidence();

        // When it sends that evidence again
        hub.send(used);

        // Then the nonce is unknown (single use) and the hub is quarantined
        awaitQuarantine(home.hubId(), "nonce_unknown");
        assertThat(audited(home.hubId(), "attestation.failed")).isEqualTo(1);
    }

    @Test
    void shouldRefuseToApproveASessionOnAQuarantinedHub() {
        Home home = home();
        reconnect(home, attester(home).mode(Mode.TAMPERED));
        awaitQuarantine(home.hubId(), "measurements_unknown");
        String sid = given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", home.ticketId(), "hubId", home.hubId(), "templateId", home.templateId(),
                        "durationMinutes", 60, "reason", "attestation test",
                        "scope", Map.of("grants", List.of(grant(List.of("thermostat-1"), List.of("diag.read"))))))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");

        given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON).body(Map.of("reveal", List.of()))
                .post("/api/v1/sessions/{id}/approve", sid).then().statusCode(409)
                .body("code", org.hamcrest.Matchers.is("hub_quarantined"));

        assertThat(world.sessionState(UUID.fromString(sid))).isEqualTo("requested");
    }

    @Test
    void shouldRefuseTheTechnicianOfAnApprovedSessionOnceTheHubIsQuarantined() {
        Home home = home();
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        reconnect(home, attester(home).mode(Mode.TAMPERED));
        awaitQuarantine(home.hubId(), "measurements_unknown");

        int status;
        try {
            world.technician(home, sid);
            status = 101;
        } catch (WsClient.Refused refused) {
            status = refused.status();
        }

        assertThat(status).isEqualTo(409);
        assertThat(world.sessionState(sid)).isEqualTo("approved");
    }

    @Test
    void shouldReattestAtSessionStartAndCloseWith4007WhenItFails() {
        // Given a trusted hub whose measurements change after it connected
        Home home = home();
        HubAttester attester = attester(home);
        SimulatedHub hub = reconnect(home, attester);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        attester.mode(Mode.TAMPERED);

        // When the technician connects (the session starts)
        WsClient technician = world.technician(home, sid);

        // Then the fresh attestation fails: the technician is closed with 4007, the session never opened on the hub
        assertThat(technician.awaitClose()).isEqualTo(4007);
        awaitQuarantine(home.hubId(), "measurements_unknown");
        assertThat(hub.agent().receivedFrames()).noneMatch(f -> "session.open".equals(f.getString("type")));
        assertThat(hub.agent().receivedCommands()).isEmpty();
    }

    @Test
    void shouldLiftTheQuarantineWhenTheHubPassesAgain() {
        Home home = home();
        reconnect(home, attester(home).mode(Mode.TAMPERED));
        awaitQuarantine(home.hubId(), "measurements_unknown");

        SimulatedHub genuine = reconnect(home, attester(home));

        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(
                "SELECT count(*) FROM hubs WHERE id = $1 AND NOT quarantined AND quarantine_reason IS NULL", home.hubId()) == 1);
        assertThat(lastWelcome(genuine).getBoolean("trusted")).isTrue();
        assertThat(audited(home.hubId(), "attestation.passed")).isEqualTo(2);
    }
}
