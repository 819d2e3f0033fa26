package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.simulator.HubAgent;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.MutableClock;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.FIRMWARE;
import static io.chaperone.relay.RelayWorld.MODEL;
import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The capability JWT of session.open, as the hub enforces it (defence in depth): the real gateway issues it over
 * the real hub leg; the simulated hub verifies it with the published JWKS and refuses commands outside it or
 * after its expiry even when they arrive as if from the gateway.
 */
@QuarkusTest
class HubCapabilityTest {

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private record Opened(Home home, UUID sid, SimulatedHub hub, MutableClock hubClock) {
    }

    /** A session on thermostat-1 (diag.read only) opened on a hub whose own clock the test controls. */
    private Opened opened() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        MutableClock hubClock = new MutableClock();
        HubAgent agent = world.agent(hubClock);
        SimulatedHub hub = world.track(world.hubBuilder(home.identity()).agent(agent)
                .attestation(new HubAttester(home.identity(), MODEL, FIRMWARE)).build());
        hub.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.welcomeCount() == 1);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.openSessions().contains(sid.toString()));
        return new Opened(home, sid, hub, hubClock);
    }

    private static JsonObject cmd(UUID sid, String id, String device, String op, JsonObject args) {
        return new JsonObject().put("type", "cmd").put("sid", sid.toString()).put("id", id).put("seq", 99)
                .put("device", device).put("op", op).put("args", args);
    }

    private static String errorCode(List<JsonObject> answers) {
        JsonObject result = answers.get(0);
        assertThat(result.getBoolean("ok")).isFalse();
        return result.getJsonObject("error").getString("code");
    }

    @Test
    void shouldCarryACapabilityTheHubAcceptsForTheGrantedCommand() {
        Opened opened = opened();

        List<JsonObject> answers = opened.hub().agent().onFrame(cmd(opened.sid(), "x-1", "thermostat-1", "diag.read", new JsonObject()));

        assertThat(answers.get(0).getBoolean("ok")).isTrue();
    }

    @Test
    void shouldRefuseACommandOutsideTheCapabilityEvenIfTheGatewaySendsIt() {
        Opened opened = opened();
        JsonObject before = opened.hub().agent().device("thermostat-1").orElseThrow().inventoryEntry();

        List<JsonObject> answers = opened.hub().agent().onFrame(cmd(opened.sid(), "x-1", "thermostat-1", "config.write",
                new JsonObject().put("setpoint", 30)));

        assertThat(errorCode(answers)).isEqualTo("outside_capability");
        assertThat(opened.hub().agent().device("thermostat-1").orElseThrow().inventoryEntry()).isEqualTo(before);
        assertThat(errorCode(opened.hub().agent().onFrame(cmd(opened.sid(), "x-2", "camera-1", "diag.read", new JsonObject()))))
                .isEqualTo("outside_capability");
    }

    @Test
    void shouldRefuseEverythingFromTheMomentTheCapabilityExpires() {
        Opened opened = opened();
        // A JWT's exp has whole seconds: the capability ends at the session's end rounded down (never later).
        long sessionEndMillis = world.count(
                "SELECT (extract(epoch from expires_at) * 1000)::bigint FROM support_sessions WHERE id = $1", opened.sid());
        Instant expiresAt = Instant.ofEpochSecond(sessionEndMillis / 1000);

        opened.hubClock().pin(expiresAt.minusMillis(1));
        assertThat(opened.hub().agent().onFrame(cmd(opened.sid(), "x-1", "thermostat-1", "diag.read", new JsonObject()))
                .get(0).getBoolean("ok")).isTrue();
        opened.hubClock().pin(expiresAt);
        assertThat(errorCode(opened.hub().agent().onFrame(cmd(opened.sid(), "x-2", "thermostat-1", "diag.read", new JsonObject()))))
                .isEqualTo("outside_capability");
    }
}
