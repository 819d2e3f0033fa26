package io.chaperone.relay;

import io.chaperone.policy.DenyReason;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A command the gateway sends itself (a rollback, a read-back) passes the same gate as a technician's: the hub
 * checks, a committed C1 record before it leaves, its own hub session, its result recorded in the session's chain.
 */
@QuarkusTest
class SystemCommandGateTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ACTOR = "system:test";

    @Inject
    RelayWorld world;
    @Inject
    CommandGate gate;
    @Inject
    LiveRegistry registry;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldForwardAnAuditedSystemCommandAfterTheSessionEndedAndReturnTheHubsResult() {
        // Given a session that ended
        Home home = home();
        UUID sid = endedSession(home);

        // When the gateway reads the thermostat's configuration back
        CommandOutcome outcome = outcomeOf(gate.system(command(home, sid, "sys-read", "thermostat-1", "config.read")));

        // Then the hub answered, and the command ran in a hub session of its own that is closed again
        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.Answered.class, answered -> {
            assertThat(answered.commandId()).isEqualTo("sys-read");
            assertThat(answered.ok()).isTrue();
            assertThat(answered.result().path("data").isObject()).isTrue();
        });
        JsonObject received = single(home.hub().agent().receivedCommands());
        assertThat(received.getString("id")).isEqualTo("sys-read");
        assertThat(received.getString("op")).isEqualTo("config.read");
        assertThat(received.getString("sid")).isNotEqualTo(sid.toString());
        await().atMost(WAIT).until(() -> home.hub().agent().openSessions().isEmpty());
        // and the session's chain holds the C1 command record naming the system actor, then the result
        assertThat(world.auditRows(sid, "command", "sys-read")).isEqualTo(1);
        await().atMost(WAIT).until(() -> world.auditRows(sid, "result", "sys-read") == 1);
        given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}/audit?kind=command", sid)
                .then().statusCode(200).body("total", equalTo(1)).body("events[0].actor", equalTo(ACTOR))
                .body("events[0].outcome", equalTo("allowed")).body("events[0].op", equalTo("config.read"));
    }

    @Test
    void shouldDenyASystemCommandForADeviceTheHubDoesNotReportAndRecordTheDenial() {
        Home home = home();
        UUID sid = endedSession(home);

        CommandOutcome outcome = outcomeOf(gate.system(command(home, sid, "sys-ghost", "toaster-9", "config.read")));

        assertThat(outcome).isEqualTo(new CommandOutcome.Denied("sys-ghost", DenyReason.DEVICE_UNKNOWN));
        await().atMost(WAIT).until(() -> world.auditRows(sid, "command.denied", "sys-ghost") == 1);
        assertThat(world.auditRows(sid, "command", "sys-ghost")).isZero();
        assertThat(home.hub().agent().receivedCommands()).isEmpty();
    }

    @Test
    void shouldDenyASystemCommandWhileTheHubIsOffline() {
        Home home = home();
        UUID sid = endedSession(home);
        home.hub().close();
        await().atMost(WAIT).until(() -> registry.hub(home.hubId()) == null);

        CommandOutcome outcome = outcomeOf(gate.system(command(home, sid, "sys-offline", "thermostat-1", "config.read")));

        assertThat(outcome).isEqualTo(new CommandOutcome.Denied("sys-offline", DenyReason.HUB_OFFLINE));
        await().atMost(WAIT).until(() -> world.auditRows(sid, "command.denied", "sys-offline") == 1);
        assertThat(world.auditRows(sid, "command", "sys-offline")).isZero();
    }

    @Test
    void shouldRefuseASecondSystemCommandWithTheIdOfOneStillRunning() {
        Home home = home();
        UUID sid = endedSession(home);

        CompletableFuture<CommandOutcome> first = gate.system(command(home, sid, "sys-twice", "thermostat-1", "config.read"))
                .subscribe().asCompletionStage();
        CommandOutcome second = outcomeOf(gate.system(command(home, sid, "sys-twice", "thermostat-1", "config.read")));

        assertThat(second).isEqualTo(new CommandOutcome.Denied("sys-twice", DenyReason.DUPLICATE_ID));
        assertThat(first).succeedsWithin(WAIT).isInstanceOf(CommandOutcome.Answered.class);
        assertThat(home.hub().agent().receivedCommands()).hasSize(1);
        assertThat(world.auditRows(sid, "command", "sys-twice")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnsignedFirmwareUpdateFromTheSystemAsFromATechnician() {
        Home home = home();
        UUID sid = endedSession(home);

        CommandOutcome outcome = outcomeOf(gate.system(command(home, sid, "sys-fw", "thermostat-1", "firmware.update")));

        assertThat(outcome).isEqualTo(new CommandOutcome.Denied("sys-fw", DenyReason.UPDATE_UNSIGNED));
        assertThat(home.hub().agent().receivedCommands()).isEmpty();
    }

    @Test
    void shouldLeaveALiveTechnicianSessionOpenOnTheHubWhileASystemCommandRuns() {
        // Given a technician working in a live session
        Home home = home();
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        // When the gateway sends a command the technician's scope does not have, in the same session's name
        CommandOutcome outcome = outcomeOf(gate.system(command(home, sid, "sys-live", "thermostat-1", "config.read")));

        // Then it ran in its own hub session, and the technician's session is still open on the hub and works
        assertThat(outcome).isInstanceOf(CommandOutcome.Answered.class);
        await().atMost(WAIT).until(() -> home.hub().agent().openSessions().equals(Set.of(sid.toString())));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        assertThat(technician.awaitReply("result", "c-1").getBoolean("ok")).isTrue();
        assertThat(technician.frames("result")).hasSize(1);   // the system command's result never reached the technician
    }

    private Home home() {
        return world.home(List.of("diag.read", "config.read"), 600);
    }

    private UUID endedSession(Home home) {
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        given().auth().oauth2(world.technicianToken(home)).post("/api/v1/sessions/{id}/end", sid).then().statusCode(200);
        return sid;
    }

    private static SystemCommand command(Home home, UUID sid, String id, String device, String op) {
        return new SystemCommand(sid, home.hubId(), home.homeId(), id, device, op, null, ACTOR);
    }

    private static CommandOutcome outcomeOf(Uni<CommandOutcome> outcome) {
        return outcome.await().atMost(WAIT);
    }

    private static JsonObject single(List<JsonObject> frames) {
        assertThat(frames).hasSize(1);
        return frames.get(0);
    }
}
